import ArgumentParser
import OutpostCore
import OutpostDomain
import OutpostReplica

/// The optional lead fields `lead add` and `lead edit` share: `--mobile`, `--wechat`,
/// `--telephone`, `--student`, `--intent`, `--source`, `--remark`, `--referrer`.
struct LeadDetailOptions: ParsableArguments {
    @Option(help: "The contact's mobile number.")
    var mobile: String?

    @Option(help: "The contact's WeChat id (6–20 characters, a letter first).")
    var wechat: String?

    @Option(help: "The contact's landline, such as 010-12345678.")
    var telephone: String?

    @Option(help: "The student's name.")
    var student: String?

    @Option(help: ArgumentHelp("How likely the lead is to buy: \(SchemaChoices.intentLevels.joined(separator: ", ")).",
                               valueName: "level"))
    var intent: String?

    @Option(help: ArgumentHelp("Where the lead came from: \(SchemaChoices.sourceChannels.joined(separator: ", ")) (`lead add`: default walk_in).",
                               valueName: "channel"))
    var source: String?

    @Option(help: "A free-text remark.")
    var remark: String?

    @Option(help: ArgumentHelp("The customer who referred the lead (its id, or the short id tables show): what --source referral needs.",
                               valueName: "customer"))
    var referrer: String?

    /// The fields given, keyed by CLI name.
    var given: [LeadField: String] {
        var fields: [LeadField: String] = [:]
        fields[.mobile] = mobile
        fields[.wechat] = wechat
        fields[.telephone] = telephone
        fields[.student] = student
        fields[.intent] = intent.map { $0.uppercased() }
        fields[.source] = source
        fields[.remark] = remark
        fields[.referrer] = referrer
        return fields
    }

    /// The fields given, as schema fields and values; `--referrer` as the id of the customer
    /// of `replica` it names.
    /// - Throws: `ReplicaError.noSuchRow` or `.ambiguousID` for a referrer the replica does not hold.
    func values(in replica: Replica) throws -> [FieldName: FieldValue] {
        var values = Dictionary(uniqueKeysWithValues: given.map { ($0.key.schemaName, FieldValue.text($0.value)) })
        if let referrer {
            values[LeadField.referrer.schemaName] = .text(try replica.resolveID(EntityName("customer"), prefix: referrer).rawValue)
        }
        return values
    }

    func validate() throws {
        for (field, value) in given where CanonicalText.of(value).isEmpty {
            // A required field (the source) cannot be emptied: do not suggest --clear for it.
            let required = OutpostSchema.lead.field(field.schemaName)?.isRequired == true
            throw ValidationError("--\(field.rawValue) is empty. Pass a value" + (required
                ? ": a lead needs its \(field.rawValue)." : ", or use `outpost lead edit ID --clear \(field.rawValue)` to empty the field."))
        }
        if let intent, !SchemaChoices.intentLevels.contains(intent.uppercased()) {
            throw ValidationError("'\(intent)' is not an intent level. Pass one of \(SchemaChoices.intentLevels.joined(separator: ", ")).")
        }
        if let source, !SchemaChoices.sourceChannels.contains(source) {
            throw ValidationError("'\(source)' is not a source channel. Pass one of \(SchemaChoices.sourceChannels.joined(separator: ", ")).")
        }
    }
}
