/// Text made safe for HTML: the same five characters and entities as swift-mustache's own HTML
/// content type, done on UTF-8 bytes instead of one `Character` and one dictionary lookup at a
/// time, which was a tenth of a big site's build. Strings without any of the five (most of a
/// Chinese page) are returned as they are. The templates escape every `{{name}}` with it
/// (`PortalHTMLContentType`), and the Markdown renderer the attributes it writes itself.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var bytesOf = text
        let escaped: String? = bytesOf.withUTF8 { bytes -> String? in
            guard bytes.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else {
                return nil
            }
            var escaped: [UInt8] = []
            escaped.reserveCapacity(bytes.count + 32)
            for byte in bytes {
                switch byte {
                case 0x3C: escaped.append(contentsOf: "&lt;".utf8)
                case 0x3E: escaped.append(contentsOf: "&gt;".utf8)
                case 0x26: escaped.append(contentsOf: "&amp;".utf8)
                case 0x22: escaped.append(contentsOf: "&quot;".utf8)
                case 0x27: escaped.append(contentsOf: "&#39;".utf8)
                default: escaped.append(byte)
                }
            }
            return String(decoding: escaped, as: UTF8.self)
        }
        return escaped ?? text
    }
}
