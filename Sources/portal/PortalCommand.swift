import PortalCore
@main struct PortalMain { static func main() {} }
