import ArgumentParser
import OutpostCore
import OutpostReplica

/// `outpost checkin`: records a field check-in (签到 / 外勤打卡) now, at a visit or while
/// street prospecting: where (or honestly that the laptop had no fix), when by this laptop's
/// clock, and about whom. Check-ins are facts: the server flags doubtful ones, never drops them.
struct CheckInCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin",
        abstract: "Record a check-in now, with the laptop's location or without one.",
        discussion: """
            Example: outpost checkin --subject lead:3a4b5c6d7e8f --lat 39.98 --lon 116.31 --accuracy 120
            Without a location fix: outpost checkin --subject lead:3a4b5c6d7e8f --unavailable
            """)

    @OptionGroup var replicaOptions: ReplicaOptions

    @Option(help: ArgumentHelp("Whom the visit is about, as entity:id (for example lead:3a4b5c6d7e8f); leave out while street prospecting.",
                               valueName: "entity:id"))
    var subject: String?

    // `.unconditional`: a negative number is the value, not an unknown option.
    @Option(parsing: .unconditional, help: ArgumentHelp("Latitude in degrees, -90 to 90.", valueName: "degrees"))
    var lat: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Longitude in degrees, -180 to 180.", valueName: "degrees"))
    var lon: Double?

    @Option(help: ArgumentHelp("The coordinates' system: wgs84 (raw GPS and most laptops), gcj02 (AMap, Tencent) or bd09 (Baidu).",
                               valueName: "system"))
    var system = "wgs84"

    @Option(parsing: .unconditional, help: ArgumentHelp("The fix's radius in metres, more than 0; required with --lat and --lon.", valueName: "metres"))
    var accuracy: Double?

    @Option(help: ArgumentHelp("arrive, leave or ad_hoc (default: arrive with --subject, ad_hoc without).", valueName: "kind"))
    var kind: String?

    @Flag(help: "The laptop has no location fix: record the check-in without a position.")
    var unavailable = false

    @Option(help: "A note.")
    var note: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if unavailable {
            guard lat == nil, lon == nil, accuracy == nil else {
                throw ValidationError("--unavailable records no position. Leave out --lat, --lon and --accuracy, or drop --unavailable.")
            }
        } else {
            guard let lat, let lon else {
                throw ValidationError("Pass --lat and --lon (for example --lat 39.98 --lon 116.31), or --unavailable when the laptop has no location fix.")
            }
            guard lat.isFinite, (-90...90).contains(lat) else {
                throw ValidationError("--lat \(lat) is not a latitude. Pass degrees from -90 to 90 (north is positive).")
            }
            guard lon.isFinite, (-180...180).contains(lon) else {
                throw ValidationError("--lon \(lon) is not a longitude. Pass degrees from -180 to 180 (east is positive).")
            }
            guard let accuracy else {
                throw ValidationError("Pass --accuracy METRES, the radius of the fix (Wi-Fi fixes are often 50 to 500 m).")
            }
            guard accuracy.isFinite, accuracy > 0 else {
                throw ValidationError("--accuracy \(accuracy) is not a radius. Pass metres above 0; when the fix is invalid, use --unavailable instead.")
            }
        }
        if let subject, subject.split(separator: ":", omittingEmptySubsequences: false).count != 2 || subject.hasPrefix(":") || subject.hasSuffix(":") {
            throw ValidationError("--subject '\(subject)' is not entity:id. Write it like lead:3a4b5c6d7e8f.")
        }
        if let note, note.allSatisfy(\.isWhitespace) {
            throw ValidationError("--note is empty. Leave it out, or pass some text.")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let checkIn = try replica.schema.entity("check_in", neededBy: "checkin")
        let now = WallClock.now()
        let parser = replica.valueParser(now: now)
        /// A word of an enumeration field, checked against the schema's list when it has one.
        func word(_ text: String, for name: String) throws -> FieldValue {
            guard let field = checkIn.field(FieldName(name)) else { return .text(text) }
            return try parser.scalar(text, named: name, type: field.type, current: nil)
        }
        var values: [FieldName: FieldValue] = [
            FieldName("kind"): try word(kind ?? (subject == nil ? "ad_hoc" : "arrive"), for: "kind"),
            FieldName("device_time"): .integer(now),
            FieldName("occurred_at"): .integer(now),
            FieldName("location_status"): .text(unavailable ? "unavailable" : "fixed"),
        ]
        if checkIn.field(FieldName("user_id")) != nil {
            values[FieldName("user_id")] = .text(try replica.settings().userID.rawValue)   // the server overwrites it with the author
        }
        if let lat, let lon, let accuracy {
            values[FieldName("lat")] = .real(lat)
            values[FieldName("lon")] = .real(lon)
            values[FieldName("coord_system")] = try word(system, for: "coord_system")
            values[FieldName("horizontal_accuracy_m")] = .real(accuracy)
        }
        if let subject {
            let parts = subject.split(separator: ":", maxSplits: 1).map(String.init)
            let entity = try replica.schema.entity(named: parts[0])
            values[FieldName("subject_type")] = try word(entity.name.rawValue, for: "subject_type")
            let rowID = try replica.rowID(of: entity.name, matching: parts[1])
            values[FieldName("subject_id")] = .text(rowID.rawValue)
            if let state = try replica.row(entity.name, id: rowID) {
                values[FieldName("subject_name_snapshot")] = SubjectName.snapshot(of: state, in: entity).map(FieldValue.text)
            }
        }
        values[FieldName("note")] = note.map(FieldValue.text)
        let id = try replica.create(checkIn.name, values: values, now: now)
        if output.json {
            try Console.printJSON(["entity": checkIn.name.rawValue, "id": id.rawValue])
        } else {
            print(id.rawValue)
        }
    }
}
