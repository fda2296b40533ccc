import ArgumentParser
import Foundation
import Logging
import OutpostCore
import OutpostProtocol
import OutpostServer

/// `outpost-server ingest FILE`: places leads that reached head office (web form, ads) by
/// referral, region and round-robin (R-4.2, R-4.3, R-5), and prints where each went.
///
/// ```
/// outpost-server ingest leads.json --actor u-chen --db /var/lib/outpost/store.sqlite
/// ```
/// The file is a JSON array of `{"id"?, "values", "teamID"?, "cityCode"?}` (`IngestLead`).
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest leads from a JSON file and allocate them.")

    @OptionGroup var storeOption: StoreOption

    @Argument(help: ArgumentHelp("A JSON array of leads: {\"id\"?, \"values\", \"teamID\"?, \"cityCode\"?}.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("Who ingests: a user id whose position is hq_admin, marketing or branch_manager.", valueName: "user"))
    var actor: String

    func validate() throws {
        guard FileManager.default.fileExists(atPath: file) else {
            throw ValidationError("There is no file at \(file). Pass a JSON array of leads to ingest.")
        }
    }

    func run() async throws {
        let leads: [IngestLead]
        do {
            leads = try WireCoding.makeDecoder().decode([IngestLead].self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            // A file mistake is no usage mistake: say what is wrong, without the usage text.
            let message = "Error: \(file) is not a JSON array of leads ({\"id\"?, \"values\": {…}, \"teamID\"?, \"cityCode\"?}): "
                + "\(Self.whatIsWrong(error)). Fix the file and ingest again; nothing was written.\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode.failure
        }
        let actor = UserID(actor)
        let report: IngestReport
        do {
            report = try await storeOption.withStore(logger: Logger(label: "outpost-server.ingest")) { store in
                try await store.ingest(leads, actor: actor, serverNow: OutpostServerCommand.now())
            }
        } catch let error as ServerError {
            // A refusal is no usage mistake: say why, without the usage text.
            FileHandle.standardError.write(Data("Error: \(error.problem.code.rawValue): \(error.problem.detail)\n".utf8))
            throw ExitCode.failure
        }
        for placement in report.placements {
            var note = placement.replaced == true ? "  (an older lead of the same family, placed again)" : ""
            for warning in placement.warnings ?? [] {
                note += "  [\(warning)] check the mobile number: " + (warning == "phone.data_only_segment"
                    ? "a data-only or IoT segment, rarely a parent's phone" : "in no mobile segment Outpost knows")
            }
            print("\(placement.id)  \(placement.route.rawValue)  branch \(placement.branchID?.rawValue ?? "—")  owner \(placement.ownerID?.rawValue ?? "—")\(note)")
        }
    }

    /// Where the file departs from the format, in the words of the file (lead 3's `values`),
    /// not the decoder's.
    private static func whatIsWrong(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "it cannot be read" }
        func place(_ path: [any CodingKey]) -> String {
            guard let first = path.first else { return "the file" }
            let lead = first.intValue.map { "lead \($0 + 1)" } ?? "the file"
            let rest = path.dropFirst().map { $0.intValue.map { "[\($0)]" } ?? "'\($0.stringValue)'" }
            return rest.isEmpty ? lead : "\(lead)'s " + rest.joined(separator: " ")
        }
        switch error {
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return "it does not hold an array"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(place(context.codingPath)) is not \(type == String.self ? "a text" : "what the format expects there")"
        case .keyNotFound(let key, let context):
            return "\(place(context.codingPath)) has no '\(key.stringValue)'"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not valid JSON" : "\(place(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "it does not match the format"
        }
    }
}
