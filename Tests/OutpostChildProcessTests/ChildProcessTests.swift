import Foundation
import OutpostChildProcess
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The child-process launcher the tests and the benchmark start servers and laptops with:
/// what the child writes lands in its files, its exit status and a killing signal come back,
/// and it inherits no descriptor of this process.
@Suite struct ChildProcessTests {
    private let shell = URL(fileURLWithPath: "/bin/sh")

    private func scratchFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("outpost-child-\(UUID().uuidString)-\(name)")
    }

    private func contents(of file: URL) -> String {
        (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }

    @Test func outputAndErrorLandInTheirFilesAndTheExitStatusComesBack() throws {
        let stdoutFile = scratchFile("out"), stderrFile = scratchFile("err")
        defer { [stdoutFile, stderrFile].forEach { try? FileManager.default.removeItem(at: $0) } }
        let child = try ChildProcess.spawn(shell, arguments: ["-c", "read line; echo \"out:$line\"; echo err >&2; exit 3"],
                                           standardOutput: stdoutFile, standardError: stderrFile)
        #expect(child.wait() == 3)
        #expect(child.wait() == 3, "a second wait answers the same status")
        #expect(!child.isRunning)
        #expect(contents(of: stdoutFile) == "out:\n", "standard input reads /dev/null")
        #expect(contents(of: stderrFile) == "err\n")
    }

    @Test func oneFileTakesBothStreamsInOrder() throws {
        let log = scratchFile("log")
        defer { try? FileManager.default.removeItem(at: log) }
        let child = try ChildProcess.spawn(shell, arguments: ["-c", "echo one; echo two >&2; echo three"],
                                           standardOutput: log, standardError: log)
        #expect(child.wait() == 0)
        #expect(contents(of: log) == "one\ntwo\nthree\n")
    }

    @Test func aKilledChildReportsItsSignal() throws {
        let child = try ChildProcess.spawn(shell, arguments: ["-c", "sleep 30"])
        #expect(child.isRunning)
        #expect(child.exitStatus() == nil)
        child.send(SIGKILL)
        #expect(child.wait() == 128 + SIGKILL)
        #expect(child.exitStatus() == 128 + SIGKILL)
        child.send(SIGKILL)   // already reaped: nothing is sent to a pid that may be someone else's now
    }

    @Test func theChildInheritsNoDescriptorOfThisProcess() throws {
        let held = open("/dev/null", O_RDONLY)   // not close-on-exec
        #expect(held > 2)
        defer { close(held) }
        let child = try ChildProcess.spawn(shell, arguments: ["-c", "[ -e /proc/self/fd/\(held) ] && exit 7; exit 0"])
        #expect(child.wait() == 0)
    }

    @Test func aMissingExecutableIsAnError() {
        #expect(throws: ChildProcessFailure.self) {
            try ChildProcess.spawn(URL(fileURLWithPath: "/nonexistent/outpost"), arguments: [])
        }
    }
}
