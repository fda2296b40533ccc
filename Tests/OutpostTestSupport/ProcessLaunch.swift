import Foundation

/// Starts child processes one at a time. Foundation's `Process.run()` on Linux is not safe to
/// call from two threads at once: a clean-clone CI run crashed (SIGSEGV in `memcpy` inside
/// `Process.run()`) while CLI tests on threads of their own launched `outpost` together.
/// Only the launch is serialized; the children run, and are waited for, side by side.
public enum ProcessLaunch {
    private static let lock = NSLock()

    /// `process.run()`, never at the same time as another launch through here.
    public static func run(_ process: Process) throws {
        lock.lock()
        defer { lock.unlock() }
        try process.run()
    }
}
