import Foundation

/// `portal init DIR`: a complete site for a new agency — `content/site.yaml` with the twelve
/// categories of the content contract, their empty folders, a 政府信息公开指南 skeleton, the
/// project's own templates (carried in the binary) and a `.gitignore` — that `portal check` and
/// `portal build` accept as it is.
///
/// Nothing of the default bureau goes into it: every agency-specific value is the new agency's or
/// a placeholder marked 【请填写：…】 that the editor cannot miss.
public enum SiteScaffold {
    public struct Request: Sendable {
        public var agency: String
        public var indexPrefix: String
        /// Normalised to end with `/`; nil for the placeholder.
        public var baseURL: String?
        /// Default `<agency>政府信息公开`.
        public var title: String?
        /// Written as the guide's 更新日期.
        public var today: PlainDate

        public init(agency: String, indexPrefix: String, baseURL: String? = nil, title: String? = nil, today: PlainDate) {
            self.agency = agency
            self.indexPrefix = indexPrefix
            self.baseURL = baseURL
            self.title = title
            self.today = today
        }
    }

    /// The categories of the content contract, in navigation order.
    public static let categories: [Category] = [
        Category(slug: "meetings", name: "部门会议"),
        Category(slug: "plans", name: "规划计划"),
        Category(slug: "public-resources", name: "公共资源配置"),
        Category(slug: "livelihood", name: "民生公益"),
        Category(slug: "key-deployments", name: "重要部署执行公开"),
        Category(slug: "finance", name: "财政信息"),
        Category(slug: "services", name: "管理和服务公开"),
        Category(slug: "personnel", name: "人事信息"),
        Category(slug: "operations", name: "业务工作"),
        Category(slug: "assurance", name: "政务公开保障机制"),
        Category(slug: "catalog", name: "主动公开基本目录"),
        Category(slug: "other", name: "其他文件"),
    ]

    /// Shown until the editor writes the real address: obviously not one.
    public static let placeholderBaseURL = "https://www.example.gov.cn/"

    /// What `--index-prefix` may be: what the loader accepts (no “/”, no spaces), and nothing
    /// else that would make a 索引号 ambiguous or unreadable.
    public static func indexPrefixProblem(_ prefix: String) -> BilingualText? {
        if prefix.isEmpty {
            return BilingualText(zh: "索引号前缀不能为空", en: "the index-number prefix cannot be empty")
        }
        if prefix.contains("/") || prefix.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            return BilingualText(zh: "索引号前缀“\(prefix)”不能包含“/”、空格或控制字符；只写机构代码，例如 11370000MB0000000X",
                                 en: "the index-number prefix “\(prefix)” must not contain “/”, spaces or control characters; write the organisation code only, e.g. 11370000MB0000000X")
        }
        return nil
    }

    /// `--base-url` normalised (a `/` appended), or the problem with it.
    public static func normalisedBaseURL(_ text: String) -> Result<String, DiagnosticsError> {
        let lower = text.lowercased()
        let scheme = lower.hasPrefix("https://") ? 8 : lower.hasPrefix("http://") ? 7 : 0
        guard scheme > 0, text.count > scheme, !text.dropFirst(scheme).hasPrefix("/"),
              !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }),
              URL(string: text)?.host != nil
        else {
            return .failure(DiagnosticsError([Diagnostic(
                file: nil, zh: "网站地址“\(text)”无效：应以 https:// 或 http:// 开头，后接域名",
                en: "the site address “\(text)” is not valid: it must start with https:// or http:// and a host name",
                hintZh: "例如 --base-url https://www.example.gov.cn/ 或 https://www.example.gov.cn/fgj/",
                hintEn: "For example --base-url https://www.example.gov.cn/ or https://www.example.gov.cn/fgj/")]))
        }
        return .success(text.hasSuffix("/") ? text : text + "/")
    }

    /// What was written, relative to the site root, sorted.
    public struct Created: Sendable {
        public let files: [String]
    }

    /// Writes the new site into `root` (created if missing). Refuses, changing nothing, when
    /// `root` already holds a site (`content/`, `templates/` or a `site.yaml`); other files such as
    /// a README or `.git` may be there.
    public static func create(_ request: Request, root: URL) throws(DiagnosticsError) -> Created {
        let agency = request.agency.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !agency.isEmpty else {
            throw DiagnosticsError([Diagnostic(file: nil, zh: "单位名称（--agency）不能为空", en: "the agency name (--agency) cannot be empty",
                                               hintZh: "例如 --agency 某某县发展和改革局", hintEn: "For example --agency 某某县发展和改革局")])
        }
        if let problem = indexPrefixProblem(request.indexPrefix) {
            throw DiagnosticsError([Diagnostic(file: nil, zh: problem.zh, en: problem.en)])
        }
        var baseURL: String?
        if let given = request.baseURL {
            switch normalisedBaseURL(given) {
            case .success(let url): baseURL = url
            case .failure(let error): throw error
            }
        }
        let title = request.title.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
            ?? "\(agency)政府信息公开"

        try refuseExistingSite(root)

        var files: [(path: String, data: Data)] = []
        files.append(("content/\(SiteConfig.fileName)", Data(siteYAML(agency: agency, title: title, baseURL: baseURL,
                                                                       indexPrefix: request.indexPrefix).utf8)))
        for category in categories {
            // Git keeps no empty folder; the loader skips hidden names, so the marker is invisible to it.
            files.append(("content/\(category.slug)/.gitkeep", Data()))
        }
        files.append(("content/pages/guide.md", Data(guide(agency: agency, today: request.today).utf8)))
        for template in templateFiles() {
            files.append(("templates/\(template.path)", template.data))
        }
        files.append((".gitignore", Data(gitignore.utf8)))

        // A .gitignore the folder already has (a cloned repository) is the editor's: keep it.
        let existingIgnore = FileManager.default.fileExists(atPath: root.appendingPathComponent(".gitignore").path)
        var written: [String] = []
        for file in files where !(file.path == ".gitignore" && existingIgnore) {
            try NewFile.write(file.data, to: root.appendingPathComponent(file.path), displayPath: file.path)
            written.append(file.path)
        }
        return Created(files: written.sorted())
    }

    /// The project's templates as carried in the binary: path below `templates/` and bytes.
    public static func templateFiles() -> [(path: String, data: Data)] {
        EmbeddedTemplates.files.map { ($0.path, Data(base64Encoded: $0.base64) ?? Data()) }
    }

    private static func refuseExistingSite(_ root: URL) throws(DiagnosticsError) {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: root.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw DiagnosticsError([Diagnostic(file: nil, zh: "“\(root.path)”是一个文件，不是文件夹，没有做任何改动",
                                               en: "“\(root.path)” is a file, not a folder; nothing was changed")])
        }
        let held = ["content", "templates", SiteConfig.fileName].filter {
            // lstat-like: a link named content/ counts as well.
            (try? manager.attributesOfItem(atPath: root.appendingPathComponent($0).path)) != nil
        }
        guard held.isEmpty else {
            throw DiagnosticsError([Diagnostic(
                file: nil, zh: "“\(root.path)”中已有网站（\(held.joined(separator: "、"))），没有做任何改动",
                en: "“\(root.path)” already holds a site (\(held.joined(separator: ", "))); nothing was changed",
                hintZh: "新网站请选择一个空文件夹或新文件夹，例如 portal init 新网站目录 --agency …",
                hintEn: "Choose an empty or new folder for the new site, e.g. portal init new-site --agency …")])
        }
    }

    static func siteYAML(agency: String, title: String, baseURL: String?, indexPrefix: String) -> String {
        let width = categories.map(\.slug.count).max() ?? 0
        let categoryLines = categories.map { category in
            let pad = String(repeating: " ", count: width - category.slug.count)
            return "  - { slug: \(category.slug),\(pad) name: \(YAMLScalar.plainIfSafe(category.name)) }"
        }.joined(separator: "\n")
        let baseURLLine = baseURL.map { "base_url: \(YAMLScalar.plainIfSafe($0))" }
            ?? """
            # 【请填写：网站地址】本站发布后的网址，用于订阅（Atom）和站点地图中的完整链接；以 / 结尾。
            # 网站放在子目录中时写上目录，例如 https://www.example.gov.cn/fgj/
            # The address the site is published at (feed and sitemap links); ends with /.
            base_url: \(placeholderBaseURL)
            """
        return """
        # 网站配置 / Site configuration. 由 portal init 生成，请按本单位情况修改。
        # Written by portal init: edit it for your agency. Lines starting with # are comments.

        # 网站标题，显示在每一页的页眉和浏览器标签上。 / Site title, in every page header.
        title: \(YAMLScalar.plainIfSafe(title))
        # 单位名称：每条信息默认的“发布机构”。 / Default 发布机构 (publisher) of every item.
        agency: \(YAMLScalar.plainIfSafe(agency))
        \(baseURLLine)
        # 索引号前缀（机构代码）：索引号写作 前缀/年份-五位流水号，portal new 自动分配。
        # Index-number prefix (organisation code): numbers are <prefix>/<year>-<serial>.
        index_prefix: \(YAMLScalar.plainIfSafe(indexPrefix))

        # 【请填写：网站标识码】政府网站标识码（十位数字，见全国政府网站信息报送系统），显示在页脚。
        # The site's 网站标识码 (ten digits), shown in the footer: replace the placeholder.
        site_code: \(YAMLScalar.doubleQuoted("【请填写：网站标识码】"))
        # 页脚的备案号，有则去掉行首的 # 并填写。 / Footer record numbers: uncomment and fill in.
        # icp: 某ICP备00000000号
        # police_record: 某公网安备 00000000000000号
        # 页脚的联系方式，每行一条，有则去掉行首的 # 并填写。 / Footer contact lines: uncomment and fill in.
        # contact:
        #   - 地址：【请填写：办公地址】
        #   - 电话：【请填写：咨询电话】
        #   - 办公时间：工作日 上午9:00—12:00，下午13:30—17:00

        # 栏目列表页每页显示的信息条数。 / Items per page of a category list.
        page_size: 20

        # 栏目：顺序即导航顺序。slug 是 content/ 下的英文目录名（小写字母、数字和 -），name 是显示的中文名称。
        # 改名：只改 name（改 slug 会改变网址，还要同时改目录名）。
        # 增加：加一行 { slug: 新目录名, name: 新名称 }，并新建目录 content/新目录名/。
        # 删除：删去这一行；该目录中如还有信息，也要移走或删除，否则 portal check 会报错。
        # Categories, in navigation order. slug is the folder under content/ and the URL; name is shown.
        # Rename: change name (changing slug changes the URLs and needs the folder renamed too).
        # Add: a new line and a folder content/<slug>/. Drop: delete the line and move the folder's items away.
        categories:
        \(categoryLines)

        """
    }

    static func guide(agency: String, today: PlainDate) -> String {
        // The agency's name in the front matter goes through YAMLScalar; in the body it is text.
        let title = "\(agency)政府信息公开指南"
        return """
        ---
        title: \(YAMLScalar.plainIfSafe(title))
        nav: true
        nav_title: 信息公开指南
        order: 1
        updated: \(today.iso)
        ---
        （本指南由 portal init 生成，请逐项核对、补全【请填写：…】处，并删去这一段。）

        为保障公民、法人和其他组织依法获取政府信息，提高政府工作透明度，根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第十二条的规定，编制本指南。需要获取\(agency)（以下简称本单位）政府信息的公民、法人或者其他组织，可以阅读本指南。

        ## 一、主动公开

        ### （一）公开范围

        本单位按照“公开为常态、不公开为例外”的原则，依据《条例》第十九条、第二十条的规定和本单位主动公开基本目录，主动公开涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息。本网站政府信息公开专栏设置以下栏目：

        \(categories.enumerated().map { "\($0.offset + 1). \($0.element.name)：【请填写：本栏目公开的内容】；" }.joined(separator: "\n"))

        依照《条例》第十四条、第十五条、第十六条规定不予公开的政府信息，不在主动公开范围之内。

        ### （二）公开方式

        本单位主动公开的政府信息，通过本网站政府信息公开专栏公开，并根据需要通过【请填写：其他公开渠道，如政务新媒体、公开查阅点】等方式公开。

        ### （三）公开时限

        属于主动公开范围的政府信息，自该政府信息形成或者变更之日起20个工作日内予以公开。法律、法规对政府信息公开的期限另有规定的，从其规定。

        ## 二、依申请公开

        ### （一）受理机构

        - 名称：【请填写：受理机构名称】
        - 办公地址：【请填写：办公地址】
        - 邮政编码：【请填写：邮政编码】
        - 联系电话：【请填写：咨询电话】
        - 办公时间：【请填写：办公时间】（法定节假日除外）

        ### （二）申请方式

        申请人可以通过当面提交、邮寄、【请填写：其他方式，如网上申请】等方式提出申请。申请应当采用书面形式；采用书面形式确有困难的，可以口头提出，由受理机构代为填写政府信息公开申请。

        政府信息公开申请应当包括下列内容：

        1. 申请人的姓名或者名称、身份证明、联系方式；
        2. 申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述；
        3. 申请公开的政府信息的形式要求，包括获取信息的方式、途径。

        ### （三）申请的处理

        本单位收到政府信息公开申请，能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。

        ### （四）收费

        本单位依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，按照有关规定收取信息处理费。

        ## 三、监督和救济

        公民、法人或者其他组织认为本单位在政府信息公开工作中侵犯其合法权益的，可以向【请填写：上级主管部门或政府信息公开工作主管部门】投诉、举报，也可以依法申请行政复议或者提起行政诉讼。

        - 投诉举报电话：【请填写：电话】
        - 行政复议机关：【请填写：行政复议机关】

        """
    }

    static let gitignore = """
    # portal build 的输出和历史版本，不提交到版本库。 / Build output and its kept versions.
    /public
    /.public.versions/
    /.public.link-*

    """
}
