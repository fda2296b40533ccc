import ArgumentParser
import OutpostReplica

/// The one place that turns an error into an exit code and a message:
///
/// | code | meaning |
/// | --- | --- |
/// | 0 | success |
/// | 1 | anything else (a bug, a damaged file, a full disk) |
/// | 2 | the replica refused: not set up, no such lead, a value that does not fit (`ReplicaError`) |
/// | 3 | the server could not be reached or refused the sync (`TransportError`) |
/// | 64 | the command line is wrong (ArgumentParser's usage errors, `ValidationError`, and `InputError`: a value the CLI cannot read for its field, before the replica sees it) |
///
/// Messages come from the errors' descriptions, which name fields and ids, never personal data.
/// A refusal with a stable code (every `ReplicaError`, `InputError` and server refusal) ends
/// with it in brackets (`[wechat.invalid_format]`), and `--json` prints it as `error.code`.
enum ExitCodes {
    /// The replica refused the operation.
    static let replica = ExitCode(2)
    /// The sync did not get through.
    static let transport = ExitCode(3)
    /// The command line does not fit the schema or the rows (the same code as a usage error).
    static let input = ExitCode.validationFailure

    /// What to print and which code to exit with, or nil for errors ArgumentParser reports
    /// itself (parse and validation errors, help requests, explicit exit codes). `stableCode` is
    /// the refusal's code (`validation.required`, `auth.invalid_token`, …) when it has one.
    static func failure(for error: any Error) -> (message: String, code: ExitCode, stableCode: String?)? {
        switch error {
        case let error as ReplicaError: (error.description, replica, error.code)
        case let error as TransportError:
            if case .server(let problem) = error { (error.description, transport, problem.code.rawValue) } else { (error.description, transport, nil) }
        case let error as OutpostCLIError: (error.description, .failure, nil)
        case let error as InputError: (error.description, input, error.code)
        default:
            // A replica file held by another process, or damaged, while a command ran.
            ReplicaError.explaining(error, path: nil).map { ($0.description, replica, $0.code) }
        }
    }
}
