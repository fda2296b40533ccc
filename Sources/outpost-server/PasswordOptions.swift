import ArgumentParser
import Foundation

/// Where an admin command reads a password from: a file or standard input, never the command
/// line (which other users of the machine can see in the process list).
struct PasswordOptions: ParsableArguments {
    @Option(name: .customLong("password-file"), help: ArgumentHelp("A file holding the password (its first line).", valueName: "file"))
    var passwordFile: String?

    @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
    var readsStandardInput = false

    func validate() throws {
        guard (passwordFile != nil) != readsStandardInput else {
            throw ValidationError("Give the password one way: --password-file FILE or --password-stdin.")
        }
    }

    /// The password: the first line of the file or of standard input.
    func password() throws -> String {
        let text: String
        if let passwordFile {
            guard let contents = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw ValidationError("Cannot read the password file \(passwordFile). Check the path and its permissions.")
            }
            text = contents
        } else {
            text = readLine(strippingNewline: true) ?? ""
        }
        return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }
}
