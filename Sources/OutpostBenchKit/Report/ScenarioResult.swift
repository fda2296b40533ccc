/// One line of the report: a scenario's runs, median, baseline, ratio and verdict.
public struct ScenarioResult: Codable, Sendable {
    /// Whether the scenario was measured or waits for something not on this branch.
    public enum Status: String, Codable, Sendable {
        case measured
        /// Waits for the PostgreSQL store (another branch); nothing is measured or faked.
        case pending
        /// Not measured in this run (for example no PostgreSQL server installed, or
        /// `--no-postgres`); the notes say why.
        case skipped
    }

    /// Which way the ratio must go.
    public enum Direction: String, Codable, Sendable {
        /// Throughput: Outpost ÷ baseline must reach the target.
        case atLeast
        /// Size: Outpost ÷ baseline must stay below the target.
        case atMost
    }

    /// An absolute limit checked beside the ratio (for example p99 < 1 ms).
    public struct Check: Codable, Sendable {
        public var name: String
        public var value: Double
        public var limit: Double
        public var unit: String
        public var passed: Bool { value < limit }
    }

    /// "S1", "S2", "S7a"…
    public var id: String
    /// What it measures.
    public var title: String
    public var status: Status
    /// The unit of `runs`, `median` and the baseline ("rows/s", "bytes").
    public var unit: String
    /// Outpost's figure per run.
    public var runs: [Double]
    /// Median of `runs`.
    public var median: Double
    /// The baseline's name and figures, measured in the same run.
    public var baselineName: String
    /// The unit of the baseline's figures (commits/s where Outpost counts edits/s).
    public var baselineUnit: String
    public var baselineRuns: [Double]
    public var baseline: Double
    /// Outpost ÷ baseline: the median of the per-run ratios when each run has its paired
    /// baseline run, else the ratio of the medians; nil when pending.
    public var ratio: Double?
    /// Outpost ÷ baseline per run (paired runs only).
    public var runRatios: [Double]
    /// The target ratio and its direction, and how the issue writes it ("≥ 1/3").
    public var target: Double
    public var direction: Direction
    public var targetText: String
    /// Absolute limits (latency percentiles).
    public var checks: [Check]
    /// Other figures worth keeping (latency percentiles, conflicts logged, bytes per row).
    public var details: [String: Double]
    /// Free-text remarks: what was measured exactly, why something is pending.
    public var notes: [String]

    /// Whether the ratio and every check meet their targets; nil when pending. Stored, so the
    /// JSON report carries the verdict too.
    public private(set) var passed: Bool?

    /// A measured scenario.
    init(id: String, title: String, unit: String, runs: [Double], baselineName: String, baselineUnit: String? = nil, baselineRuns: [Double],
         target: Double, direction: Direction = .atLeast, targetText: String, checks: [Check] = [],
         details: [String: Double] = [:], notes: [String] = []) {
        self.id = id
        self.title = title
        self.status = .measured
        self.unit = unit
        self.runs = runs
        self.median = Measure.median(runs)
        self.baselineName = baselineName
        self.baselineUnit = baselineUnit ?? unit
        self.baselineRuns = baselineRuns
        self.baseline = Measure.median(baselineRuns)
        let paired = runs.count == baselineRuns.count && baselineRuns.allSatisfy { $0 > 0 }
        self.runRatios = paired ? zip(runs, baselineRuns).map { $0 / $1 } : []
        self.ratio = paired && !runs.isEmpty ? Measure.median(runRatios) : (baseline > 0 ? median / baseline : nil)
        self.target = target
        self.direction = direction
        self.targetText = targetText
        self.checks = checks
        self.details = details
        self.notes = notes
        if let ratio = self.ratio {
            let ratioOK = direction == .atLeast ? ratio >= target - 1e-9 : ratio <= target + 1e-9
            passed = ratioOK && checks.allSatisfy(\.passed)
        }
    }

    /// A scenario this run did not measure, with the reason (shown in the table, never silent).
    static func skipped(id: String, title: String, baselineName: String, target: Double, targetText: String, reason: String) -> ScenarioResult {
        var result = pending(id: id, title: title, baselineName: baselineName, target: target, targetText: targetText, reason: reason)
        result.status = .skipped
        return result
    }

    /// A scenario that cannot be measured on this branch.
    static func pending(id: String, title: String, baselineName: String, target: Double, targetText: String, reason: String) -> ScenarioResult {
        var result = ScenarioResult(id: id, title: title, unit: "", runs: [], baselineName: baselineName, baselineRuns: [],
                                    target: target, targetText: targetText, notes: [reason])
        result.status = .pending
        result.ratio = nil
        result.passed = nil
        return result
    }
}
