import Foundation

extension BenchReport {
    /// The report as the table printed on standard output.
    public func renderedTable() -> String {
        var lines: [String] = []
        let leads = dataSet["leads"] ?? 0
        let followUps = dataSet["followUps"] ?? 0
        lines.append("Outpost bench: \(Self.count(Double(leads))) leads + \(Self.count(Double(followUps))) follow-ups, "
                     + "\(dataSet["runs"] ?? 0) run(s) per scenario (median), \(machine.build) build")
        lines.append("machine: \(machine.cpu), \(machine.cores) cores, \(String(format: "%.0f", machine.memoryGiB)) GiB, "
                     + "\(machine.kernel), SQLite \(machine.sqliteVersion); started \(startedAt)")
        lines.append("server: \(server)")
        lines.append("PostgreSQL: \(postgres)")
        lines.append("ratio = Outpost ÷ baseline (throughput: higher is better; bytes: lower is better)")
        lines.append("")
        let cells: [[String]] = scenarios.map { scenario in
            let outpost = scenario.status == .measured ? Self.figure(scenario.median, unit: scenario.unit) : scenario.status.rawValue
            let baseline = scenario.status != .measured
                ? scenario.baselineName
                : "\(scenario.baselineName): \(Self.figure(scenario.baseline, unit: scenario.baselineUnit))"
            let ratio = scenario.ratio.map { String(format: "%.2f", $0) } ?? "—"
            let result: String = switch scenario.passed {
            case .some(true): "pass"
            case .some(false): "BELOW TARGET"
            case .none: scenario.status.rawValue
            }
            return [scenario.id, scenario.title, outpost, baseline, ratio, scenario.targetText, result]
        }
        let titles = ["#", "scenario", "Outpost", "baseline", "ratio", "target", "result"]
        let widths = titles.indices.map { column in (cells.map { $0[column].count } + [titles[column].count]).max()! }
        func row(_ values: [String]) -> String {
            zip(values, widths).map { Self.pad($0, $1) }.joined(separator: "  ")
        }
        lines.append(row(titles))
        lines.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)))
        let indent = String(repeating: " ", count: widths[0] + 2)
        for (scenario, values) in zip(scenarios, cells) {
            lines.append(row(values))
            for check in scenario.checks {
                lines.append(indent + "\(check.name) \(Self.format(check.value)) \(check.unit) "
                             + "(limit < \(Self.format(check.limit)) \(check.unit)): \(check.passed ? "pass" : "OVER LIMIT")")
            }
            if scenario.status == .measured, scenario.runs.count > 1 {
                lines.append(indent + "runs: " + scenario.runs.map { Self.figure($0, unit: scenario.unit) }.joined(separator: ", "))
            }
            for note in scenario.notes {
                lines.append(indent + note)
            }
        }
        lines.append("")
        lines.append("baselines (raw SQLite through GRDB, raw PostgreSQL through postgres-nio; same rows, same run):")
        for baseline in baselines {
            let runs = baseline.runs.map { Self.figure($0, unit: baseline.unit) }.joined(separator: ", ")
            lines.append("  \(Self.pad(baseline.name, 44)) \(Self.pad(Self.figure(baseline.median, unit: baseline.unit), 19)) runs: \(runs)")
        }
        lines.append("")
        lines.append("correctness (row counts and checksum of every replica against the server):")
        for entry in correctness {
            let counts = entry.rowCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("  \(Self.pad(entry.database, 28)) \(Self.pad(counts, 34)) \(entry.checksum)  \(entry.matchesServer ? "ok" : "MISMATCH")")
        }
        lines.append(isCorrect ? "  every replica matches the server" : "  CORRECTNESS FAILED")
        lines.append("")
        let setup = setupSeconds.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.1f", $0.value)) s" }
        lines.append("set-up: " + setup.joined(separator: ", ") + "; total \(String(format: "%.0f", totalSeconds)) s")
        return lines.joined(separator: "\n")
    }

    // MARK: - Private

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func figure(_ value: Double, unit: String) -> String {
        if unit == "bytes" {
            return value >= 1_000_000 ? String(format: "%.1f MB", value / 1_000_000) : String(format: "%.0f kB", value / 1_000)
        }
        if unit == "ms" {
            return String(format: "%.3f ms", value)
        }
        return "\(count(value)) \(unit)"
    }

    static func count(_ value: Double) -> String {
        let rounded = Int(value.rounded())
        var digits = String(abs(rounded))
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits = String(digits.dropLast(3))
        }
        groups.insert(digits, at: 0)
        return (rounded < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    private static func format(_ value: Double) -> String {
        value < 10 ? String(format: "%.2f", value) : String(format: "%.1f", value)
    }
}
