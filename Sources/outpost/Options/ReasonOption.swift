import ArgumentParser

/// `--reason TEXT`: why, recorded in the server's audit log with the command.
struct ReasonOption: ParsableArguments {
    @Option(help: ArgumentHelp("Why (kept in the audit log).", valueName: "text"))
    var reason: String?

    func validate() throws {
        if let reason, reason.allSatisfy(\.isWhitespace) {
            throw ValidationError("--reason is empty. Say why in a few words, or leave --reason out where it is optional.")
        }
    }
}
