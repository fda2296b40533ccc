import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, for the tests and the benchmark that run the
/// built `outpost` and `outpost-server` as a user would.
///
/// Not `Foundation.Process`: on Linux its `run()` crashed the test process (SIGSEGV in
/// `memcpy`) in clean-clone CI runs while several tests launched children, and its wait hangs
/// on a daemon that inherited a descriptor. Here the child's standard output and error go to
/// files (or `/dev/null`), never to a pipe that someone must drain, its standard input reads
/// `/dev/null`, and it inherits no other descriptor of this process.
public final class ChildProcess: Sendable {
    /// The child's process id.
    public let pid: pid_t
    private let reaped = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` and this process's environment.
    /// - Parameters:
    ///   - standardOutput: a file the child's standard output replaces; nil for `/dev/null`.
    ///   - standardError: a file for its standard error; nil for `/dev/null`. The same path as
    ///     `standardOutput` interleaves both in one file, in the order they were written.
    /// - Throws: `ChildProcessFailure` when the executable cannot be started.
    public static func spawn(_ executable: URL, arguments: [String], standardOutput: URL? = nil,
                             standardError: URL? = nil) throws(ChildProcessFailure) -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let writeFlags = O_WRONLY | O_CREAT | O_TRUNC
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutput?.path ?? "/dev/null", writeFlags, 0o644)
        if let standardError, standardError == standardOutput {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, standardError?.path ?? "/dev/null", writeFlags, 0o644)
        }
        Self.closeInheritedDescriptors(&actions)

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable.path, &actions, nil, argv, environ)
        guard status == 0 else {
            throw ChildProcessFailure("could not start \(executable.path): \(String(cString: strerror(status)))")
        }
        return ChildProcess(pid: pid)
    }

    /// Whether the child has not exited yet.
    public var isRunning: Bool { exitStatus() == nil }

    /// The child's exit status if it has exited, without waiting; nil while it runs.
    /// A child killed by a signal reports 128 + the signal, as a shell does.
    public func exitStatus() -> Int32? {
        reaped.withLock { status in
            if status == nil { status = Self.reap(pid, options: WNOHANG) }
            return status
        }
    }

    /// Waits for the child to exit. The wait itself holds no lock, so another thread may
    /// still signal the child meanwhile.
    /// - Returns: its exit status (128 + the signal when a signal ended it).
    @discardableResult
    public func wait() -> Int32 {
        if let status = reaped.withLock({ $0 }) { return status }
        let status = Self.reap(pid, options: 0)
        return reaped.withLock { stored in
            // -1 (ECHILD): another thread reaped it first and stored what it found.
            if stored == nil || status != -1 { stored = status }
            return stored ?? -1
        }
    }

    /// Sends `signal` (such as `SIGTERM` or `SIGKILL`) unless the child has already been reaped.
    public func send(_ signal: Int32) {
        guard reaped.withLock({ $0 }) == nil else { return }
        kill(pid, signal)
    }

    // MARK: - Private

    private init(pid: pid_t) {
        self.pid = pid
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which the Glibc module does
    /// not declare; nil on an older libc.
    private static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddCloseFrom.self) }

    /// Makes the child close every descriptor above standard error. Without `addclosefrom`,
    /// marks this process's descriptors close-on-exec instead.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        if let addCloseFrom, addCloseFrom(&actions, 3) == 0 { return }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            guard let descriptor = Int32(name), descriptor > 2 else { continue }
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// `waitpid`: the decoded status once the child has exited, nil while it runs (WNOHANG).
    private static func reap(_ pid: pid_t, options: Int32) -> Int32? {
        var raw: Int32 = 0
        while true {
            let result = waitpid(pid, &raw, options)
            if result == pid { break }
            if result == 0 { return nil }
            if errno == EINTR { continue }
            return -1   // ECHILD: nobody left to wait for
        }
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }
}

/// Why a child process could not be started or used.
public struct ChildProcessFailure: Error, CustomStringConvertible {
    /// What went wrong, in words.
    public let description: String

    /// A failure saying `description`.
    public init(_ description: String) { self.description = description }
}
