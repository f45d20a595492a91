import Synchronization

/// How far a running build is: the step it is in and, for a step of many like parts (item
/// pages), how many are done. The build only counts; whoever started it decides whether and how
/// to show it (the command line draws one updating line on a terminal, `ProgressLine`).
///
/// Counting costs one relaxed atomic add per part, so the item pages, rendered on every core,
/// never wait for each other or for the line being drawn.
public final class BuildProgress: Sendable {
    /// What a reader of the progress sees at one moment.
    public struct Snapshot: Sendable, Equatable {
        /// The step's name, in Chinese and in English (`生成信息页面`, `Item pages`).
        public let zh: String
        public let en: String
        public let done: Int
        /// Zero for a step that is not counted part by part.
        public let total: Int
    }

    private let stage = Mutex<(zh: String, en: String, total: Int)?>(nil)
    private let done = Atomic<Int>(0)

    public init() {}

    /// A new step begins: `total` parts to come (zero: not counted).
    func begin(_ label: StepLabel, total: Int = 0) {
        done.store(0, ordering: .relaxed)
        stage.withLock { $0 = (label.zh, label.en, total) }
    }

    /// One more part of the current step is done.
    func advance() {
        done.add(1, ordering: .relaxed)
    }

    /// The current step and count; nil before the build has begun.
    public func snapshot() -> Snapshot? {
        guard let current = stage.withLock({ $0 }) else { return nil }
        return Snapshot(zh: current.zh, en: current.en, done: min(done.load(ordering: .relaxed), current.total), total: current.total)
    }
}

/// A step's name as people read it, Chinese first.
struct StepLabel: Sendable, Equatable {
    let zh: String
    let en: String

    static let loading = StepLabel(zh: "读取内容", en: "Loading content")
    static let preparing = StepLabel(zh: "准备生成", en: "Preparing")
    static let publishing = StepLabel(zh: "发布新版本", en: "Publishing")
}
