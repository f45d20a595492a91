import Mustache

/// HTML escaping for every `{{name}}` of the templates (`HTMLText.escape`).
///
/// `TemplateRenderer` selects it with a `{{%CONTENT_TYPE:PORTAL_HTML}}` line put before every
/// template it loads (partials and the layout included: swift-mustache resets the content type
/// for each).
struct PortalHTMLContentType: MustacheContentType {
    static let name = "PORTAL_HTML"
    /// The line `TemplateRenderer` puts before each template.
    static let pragmaLine = "{{%CONTENT_TYPE:\(name)}}\n"

    /// Registers the content type with swift-mustache (once, before the first template is parsed).
    static let registered: Void = MustacheContentTypes.register(PortalHTMLContentType(), named: name)

    func escapeText(_ text: String) -> String {
        HTMLText.escape(text)
    }
}
