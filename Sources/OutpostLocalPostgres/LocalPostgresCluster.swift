import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starting a throw-away PostgreSQL cluster on 127.0.0.1, shared by the tests' cluster
/// (`TestPostgres`) and the benchmark's (`BenchPostgres`); each decides its own settings.
///
/// Recipe of shared/TOOLCHAIN.md: `initdb` refuses root, so as root every server command runs
/// through `runuser -u postgres --`; postgres cannot listen on port 0, so a free port is
/// probed and a clash retried; `pg_ctl` runs through libc `system()`, never
/// `Foundation.Process` (whose wait hangs on the daemon's inherited descriptor), and every
/// descriptor of this process is marked close-on-exec first so the daemon inherits none.
public enum LocalPostgresCluster {
    /// Why a cluster could not start: the step that failed and the end of its log.
    public struct StartFailure: Error, Sendable {
        /// The step, such as `initdb` or `pg_ctl start`.
        public let step: String
        /// The last lines of the step's log.
        public let log: String
    }

    /// Where `initdb` and `pg_ctl` may live: `PG_BIN`, then /usr/lib/postgresql/*/bin, newest
    /// first (Debian keeps them off PATH).
    public static func binaryCandidates() -> [String] {
        var candidates: [String] = []
        if let fromEnvironment = ProcessInfo.processInfo.environment["PG_BIN"] { candidates.append(fromEnvironment) }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted(by: >)
        return candidates + versions.map { "\(root)/\($0)/bin" }
    }

    /// The first candidate holding both `initdb` and `pg_ctl`; nil when PostgreSQL is not installed.
    public static func serverBinaries() -> String? {
        binaryCandidates().first { FileManager.default.isExecutableFile(atPath: "\($0)/pg_ctl")
            && FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }

    /// Makes a cluster in `directory/data` and starts it on a free port of 127.0.0.1.
    /// - Parameters:
    ///   - binaries: the directory of `initdb` and `pg_ctl`.
    ///   - directory: an existing directory for the data, the socket and the logs.
    ///   - settings: server options beyond address, port and socket (`-c fsync=off …`).
    ///   - timeoutSeconds: how long `pg_ctl` waits for the server.
    /// - Returns: the port it listens on.
    public static func start(binaries: String, in directory: String, settings: String,
                             timeoutSeconds: Int) throws(StartFailure) -> Int {
        if geteuid() == 0, shell("chown postgres:postgres '\(directory)'", asServerUser: false) != 0 {
            throw StartFailure(step: "chown \(directory) to the postgres user (does the user exist? apt-get install postgresql creates it)", log: "")
        }
        let data = "\(directory)/data"
        guard shell("'\(binaries)/initdb' -D '\(data)' -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 > '\(directory)/initdb.log' 2>&1") == 0 else {
            throw StartFailure(step: "initdb", log: tail(of: "\(directory)/initdb.log"))
        }
        for _ in 0..<5 {
            guard let port = freePort() else { break }
            let options = "-c listen_addresses=127.0.0.1 -p \(port) -k '\(directory)' \(settings)"
            closeDescriptorsOnExec()
            let command = "'\(binaries)/pg_ctl' -D '\(data)' -l '\(directory)/postgres.log' -w -t \(timeoutSeconds) -o \"\(options)\" start "
                + "> '\(directory)/pg_ctl.log' 2>&1 < /dev/null"
            if shell(command) == 0 { return port }
            // Another process took the port between the probe and postgres's bind: try another.
            guard tail(of: "\(directory)/postgres.log").contains("could not bind") else { break }
        }
        throw StartFailure(step: "pg_ctl start", log: tail(of: "\(directory)/postgres.log") + tail(of: "\(directory)/pg_ctl.log"))
    }

    /// The command that stops the cluster in `directory` at once.
    public static func stopCommand(binaries: String, directory: String) -> String {
        "'\(binaries)/pg_ctl' -D '\(directory)/data' -m immediate -w stop > /dev/null 2>&1"
    }

    /// Runs `command` with /bin/sh through libc `system()`, as the postgres user when root.
    /// - Returns: the raw wait status; 0 means it exited with 0.
    public static func shell(_ command: String, asServerUser: Bool = true) -> Int32 {
        let line = asServerUser && geteuid() == 0
            ? "runuser -u postgres -- /bin/sh -c \"\(command.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "$", with: "\\$"))\""
            : command
        return system(line)
    }

    /// The last 15 lines of a log file, empty when it cannot be read.
    public static func tail(of path: String) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }

    // MARK: - Private

    /// Marks every open descriptor above stderr close-on-exec, so `system()`'s shell and the
    /// daemon it starts inherit none of them (a test runner's pipes among them).
    private static func closeDescriptorsOnExec() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            guard let descriptor = Int32(name), descriptor > 2 else { continue }
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    private static func freePort() -> Int? {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { return nil }
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socketDescriptor, generic, length) == 0 && getsockname(socketDescriptor, generic, &length) == 0
            }
        }
        guard bound else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
