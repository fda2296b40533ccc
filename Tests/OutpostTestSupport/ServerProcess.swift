import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real `outpost-server` process, as an operator runs it: started with command-line
/// arguments, found by the port it prints, stopped with SIGTERM.
///
/// The executable is the one built beside the test bundle (`swift build --build-tests`
/// builds both), so the test runs exactly what ships.
public final class ServerProcess: Sendable {
    /// The base URL it listens on.
    public let url: URL
    private let process: Process

    /// Starts `outpost-server` with `arguments` plus `--host 127.0.0.1 --port 0`, and returns
    /// once it prints that it listens.
    /// - Throws: `ProcessFailure` when the executable is missing, `ServerProcessError` when the
    ///   server exits (or says nothing) before listening; the error carries what it printed.
    public static func start(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> ServerProcess {
        let executable = try BuiltExecutable.url("outpost-server")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments + ["--host", "127.0.0.1", "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let (chunks, sink) = AsyncStream.makeStream(of: Data.self)
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                sink.finish()
            } else {
                sink.yield(data)
            }
        }
        try ProcessLaunch.run(process)
        let printed = try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                var text = ""
                for await chunk in chunks {
                    text += String(decoding: chunk, as: UTF8.self)
                    if text.contains("listening on http://") { return text }
                }
                return text
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let printed, let url = listeningURL(in: printed) else {
            process.terminate()
            throw ServerProcessError.didNotStart(output: printed ?? "(nothing within \(timeout))")
        }
        return ServerProcess(url: url, process: process)
    }

    /// Runs a one-shot `outpost-server` command (such as `backup`) to completion.
    /// - Returns: what it printed.
    /// - Throws: `ServerProcessError.failed` with its output when it exits with another status than 0.
    @discardableResult
    public static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = try BuiltExecutable.url("outpost-server")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try ProcessLaunch.run(process)
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ServerProcessError.failed(arguments: arguments, status: process.terminationStatus, output: printed)
        }
        return printed
    }

    /// Stops the server gracefully (SIGTERM) and waits for it to exit.
    /// - Returns: its exit status.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Kills the server at once (SIGKILL: no shutdown, no flush) and waits for it to be gone.
    public func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    // MARK: - Private

    private init(url: URL, process: Process) {
        self.url = url
        self.process = process
    }

    private static func listeningURL(in output: String) -> URL? {
        guard let range = output.range(of: "listening on http://") else { return nil }
        let address = output[range.upperBound...].prefix { !$0.isWhitespace }
        return URL(string: "http://\(address)/")
    }
}

/// Why a server process could not be used.
public enum ServerProcessError: Error, CustomStringConvertible {
    /// The server exited or stayed silent before listening.
    case didNotStart(output: String)
    /// A one-shot command exited with a failure status.
    case failed(arguments: [String], status: Int32, output: String)

    public var description: String {
        switch self {
        case .didNotStart(let output):
            "outpost-server did not start listening. It printed:\n\(output)"
        case let .failed(arguments, status, output):
            "outpost-server \(arguments.joined(separator: " ")) exited with status \(status). It printed:\n\(output)"
        }
    }
}
