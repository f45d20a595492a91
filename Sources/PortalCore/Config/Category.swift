/// A disclosure category (栏目) such as 部门会议: its folder under `content/` and its URL segment.
public struct Category: Sendable, Hashable {
    /// Folder name and URL segment, e.g. `meetings`.
    public let slug: String
    /// Chinese name shown to readers, e.g. 部门会议.
    public let name: String

    public init(slug: String, name: String) {
        self.slug = slug
        self.name = name
    }
}
