import Foundation
import XCTest
@testable import PortalCore

/// statistics.json and statistics.csv.
final class AnnualReportExportTests: XCTestCase {
    private func statistics(_ site: String) throws -> ReportStatistics {
        try XCTUnwrap(ReportFixtures.check(ReportFixtures.statisticsText(site)).statistics)
    }

    func testJSONHasTheKeysOfStatisticsYamlWithEveryTotalFilledIn() throws {
        let data = try StatisticsExport.json(statistics("busy-without-totals"))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(Set(object.keys), ["format", "year", "proactive", "applications", "published_items", "reconsideration_litigation"])
        XCTAssertEqual(object["format"] as? Int, 2021, "the format is named even where statistics.yaml leaves it out")
        XCTAssertEqual(object["year"] as? Int, 2021)
        let applications = try XCTUnwrap(object["applications"] as? [String: Any])
        XCTAssertEqual(Set(applications.keys), ["received", "carried_over", "disclosed", "partially_disclosed", "withheld",
                                                "unable_to_provide", "not_processed", "other_handling", "total", "carried_forward"])
        XCTAssertEqual(applications["total"] as? [Int], [117, 16, 2, 3, 6, 3, 147])
        XCTAssertEqual(applications["received"] as? [Int], [120, 18, 2, 3, 6, 4, 153])
        XCTAssertEqual((applications["withheld"] as? [String: Any])?["third_party"] as? [Int], [3, 1, 0, 0, 1, 0, 5])
        XCTAssertEqual((applications["withheld"] as? [String: Any])?.count, 8)
        let proactive = try XCTUnwrap(object["proactive"] as? [String: Any])
        XCTAssertEqual(proactive["fees"] as? Double, 1.5)
        XCTAssertEqual((proactive["normative_documents"] as? [String: Int]), ["issued": 4, "repealed": 2, "in_force": 23])
        XCTAssertEqual(proactive["licensing"] as? Int, 1532)
        let review = try XCTUnwrap(object["reconsideration_litigation"] as? [String: Any])
        XCTAssertEqual(review["litigation_direct"] as? [Int], [1, 0, 1, 0, 2])
        let published = try XCTUnwrap(object["published_items"] as? [String: Any])
        XCTAssertEqual(published["total"] as? Int, 188)
    }

    func testJSONIsTheSameWithOrWithoutTotalsAndDeterministic() throws {
        let withTotals = try StatisticsExport.json(statistics("busy"))
        XCTAssertEqual(withTotals, try StatisticsExport.json(statistics("busy-without-totals")))
        XCTAssertEqual(withTotals, try StatisticsExport.json(statistics("busy")))
        let text = try XCTUnwrap(String(data: withTotals, encoding: .utf8))
        XCTAssertTrue(text.contains("\"fees\" : 1.5"), text)
        let applications = try XCTUnwrap(text.range(of: "\"applications\""))
        let proactive = try XCTUnwrap(text.range(of: "\"proactive\""))
        XCTAssertLessThan(applications.lowerBound, proactive.lowerBound, "keys are sorted")
    }

    func testDecimalFeesKeepTheirDigits() throws {
        let yaml = ReportFixtures.mutate(ReportFixtures.statisticsText("busy"), "fees: 1.5", "fees: 12.30")
        let statistics = try XCTUnwrap(ReportFixtures.check(yaml).statistics)
        XCTAssertEqual(statistics.proactive!.fees.text, "12.30", "the page and the CSV print the fee as written")
        XCTAssertTrue(String(decoding: try StatisticsExport.json(statistics), as: UTF8.self).contains("\"fees\" : 12.3,"))
        XCTAssertTrue(String(decoding: StatisticsExport.csv(statistics), as: UTF8.self).contains(",12.30,"))
    }

    func testWholeFeesAreWrittenAsWholeNumbers() throws {
        let data = try StatisticsExport.json(statistics("seed"))
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("\"fees\" : 0,"))
    }

    func testCSVHasABOMAHeaderAndOneLinePerTableRow() throws {
        let data = StatisticsExport.csv(try statistics("busy"))
        XCTAssertEqual(Array(data.prefix(3)), [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        XCTAssertTrue(text.hasSuffix("\r\n"))
        let lines = text.components(separatedBy: "\r\n").dropLast()
        XCTAssertEqual(lines.count, 1 + 6 + ApplicationRow.rows(.national2021).count + CaseRow.allCases.count)
        XCTAssertEqual(lines.first, "部分,项目,列名,数值1,数值2,数值3,数值4,数值5,数值6,数值7")
        XCTAssertTrue(lines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 10 })
        XCTAssertTrue(lines.contains("二、主动公开政府信息情况,规章,本年制发件数、本年废止件数、现行有效件数,1,0,5,,,,"))
        XCTAssertTrue(lines.contains("二、主动公开政府信息情况,行政事业性收费,本年收费金额（单位：万元）,1.5,,,,,,"))
        XCTAssertTrue(lines.contains("三、收到和处理政府信息公开申请情况,三（三）4．保护第三方合法权益,自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计,3,1,0,0,1,0,5"))
        XCTAssertTrue(lines.contains("三、收到和处理政府信息公开申请情况,三（七）总计,自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计,117,16,2,3,6,3,147"))
        XCTAssertTrue(lines.contains("四、政府信息公开行政复议、行政诉讼情况,行政诉讼·复议后起诉,结果维持、结果纠正、其他结果、尚未审结、总计,1,1,0,1,3,,"))
        XCTAssertEqual(data, StatisticsExport.csv(try statistics("busy-without-totals")))
    }

    func testCSVQuotingFollowsRFC4180() {
        XCTAssertEqual(StatisticsExport.quote("规章"), "规章")
        XCTAssertEqual(StatisticsExport.quote("a,b"), "\"a,b\"")
        XCTAssertEqual(StatisticsExport.quote("说\"明\""), "\"说\"\"明\"\"\"")
        XCTAssertEqual(StatisticsExport.quote("两\n行"), "\"两\n行\"")
    }
}
