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
            // A file handle, not String(contentsOfFile:): that fails on a device such as /dev/null.
            guard let handle = FileHandle(forReadingAtPath: passwordFile), let data = try? handle.readToEnd() ?? Data() else {
                throw ValidationError("Cannot read the password file \(passwordFile). Check the path and its permissions.")
            }
            text = String(decoding: data, as: UTF8.self)
            guard !text.hasPrefix("\n"), !text.isEmpty else {
                throw ValidationError("The password file \(passwordFile) is empty. Write the password on its first line.")
            }
        } else {
            text = readLine(strippingNewline: true) ?? ""
        }
        return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }
}
