import Foundation
import OutpostChildProcess
import OutpostServer

/// `outpost-server` as a separate process on a free loopback port. Its standard output and
/// error go to files (a pipe nobody drains could stall it); the port comes from the
/// "listening on" line it prints once bound.
final class ServerProcess: BenchServer, Sendable {
    let url: URL
    let databasePath: String
    let launchDescription: String
    private let process: ChildProcess

    private init(url: URL, databasePath: String, launchDescription: String, process: ChildProcess) {
        self.url = url
        self.databasePath = databasePath
        self.launchDescription = launchDescription
        self.process = process
    }

    /// Launches the executable and waits (up to 60 s) for it to listen.
    static func start(executable: URL, usersFile: URL, databasePath: String, durability: StoreDurability,
                      logDirectory: URL, label: String) async throws -> ServerProcess {
        let stdoutURL = logDirectory.appendingPathComponent("\(label).stdout.log")
        let stderrURL = logDirectory.appendingPathComponent("\(label).stderr.log")
        let process = try ChildProcess.spawn(executable, arguments: [
            "--users", usersFile.path, "--db", databasePath, "--host", "127.0.0.1", "--port", "0",
            "--durability", durability.rawValue,
        ], standardOutput: stdoutURL, standardError: stderrURL)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let output = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
            if let port = Self.port(inListeningLine: output) {
                return ServerProcess(url: URL(string: "http://127.0.0.1:\(port)/")!, databasePath: databasePath,
                                     launchDescription: PostgresURL.isPostgresURL(databasePath)
                                        ? "separate process: \(executable.path) --db \(PostgresURL.redacted(databasePath))"
                                        : "separate process: \(executable.path) --durability \(durability.rawValue)",
                                     process: process)
            }
            if let status = process.exitStatus() {
                let errors = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
                throw BenchError.serverDidNotStart(reason: "it exited with status \(status): \(errors.suffix(500))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.send(SIGKILL)
        process.wait()
        throw BenchError.serverDidNotStart(reason: "no \"listening on\" line within 60 s (see \(stdoutURL.path))")
    }

    func stop() async {
        process.send(SIGTERM)   // the server finishes requests in flight, then exits
        for _ in 0..<250 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(20))
        }
        process.send(SIGKILL)
        process.wait()
    }

    /// The port in `outpost-server listening on http://127.0.0.1:PORT (…)`.
    static func port(inListeningLine output: String) -> Int? {
        guard let range = output.range(of: "listening on http://") else { return nil }
        let rest = output[range.upperBound...]
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let afterColon = rest[rest.index(after: colon)...]
        let digits = afterColon.prefix(while: \.isNumber)
        // The whole line is written at once; still, wait for the character after the port.
        guard digits.count < afterColon.count, let port = Int(digits), port > 0 else { return nil }
        return port
    }
}
