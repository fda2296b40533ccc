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
/// | 64 | the command line is wrong (ArgumentParser's usage errors; `ValidationError`, an option's value the command refuses, `input.invalid_option`; and `InputError`: a value the CLI cannot read for its field, before the replica sees it) |
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
    /// The stable code of a usage error: an unknown option, a missing or refused option value.
    static let usageCode = "input.invalid_option"

    /// What to print and which code to exit with, or nil for errors ArgumentParser reports
    /// itself (parse errors such as an unknown option, help requests, explicit exit codes). `stableCode` is
    /// the refusal's code (`validation.required`, `auth.invalid_token`, …) when it has one.
    static func failure(for error: any Error) -> (message: String, code: ExitCode, stableCode: String?)? {
        switch error {
        case let error as ReplicaError: (error.description, replica, error.code)
        case let error as TransportError: (error.description, transport, transportCode(of: error))
        case let error as OutpostCLIError: (error.description, .failure, "replica.cannot_open")
        case let error as ValidationError: (error.message, input, usageCode)
        case let error as InputError: (error.description, input, error.code)
        default:
            // A replica file held by another process, or damaged, while a command ran.
            ReplicaError.explaining(error, path: nil).map { ($0.description, replica, $0.code) }
        }
    }

    /// The stable code of a sync that did not get through: the server's own when it answered.
    private static func transportCode(of error: TransportError) -> String {
        switch error {
        case .server(let problem): problem.code.rawValue
        case .timedOut: "sync.timed_out"
        case .cannotConnect: "sync.server_unreachable"
        case .unexpectedAnswer: "sync.unexpected_answer"
        }
    }
}
