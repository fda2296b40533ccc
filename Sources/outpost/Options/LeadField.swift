import ArgumentParser
import OutpostCore

/// A lead field as the CLI names it (`--mobile`, `--clear wechat`), and its schema name.
enum LeadField: String, CaseIterable, ExpressibleByArgument {
    case name, mobile, wechat, telephone, student, intent, source, remark, referrer

    /// The field in the schema (`name` → `contact_name`).
    var schemaName: FieldName {
        switch self {
        case .name: FieldName("contact_name")
        case .mobile: FieldName("mobile")
        case .wechat: FieldName("wechat_id")
        case .telephone: FieldName("telephone")
        case .student: FieldName("student_name")
        case .intent: FieldName("intent_level")
        case .source: FieldName("source_channel")
        case .remark: FieldName("remark")
        case .referrer: FieldName("referrer_customer_id")
        }
    }

    /// The fields `--clear` offers: all but the name and the source, which a lead must keep.
    static var allValueStrings: [String] {
        allCases.filter { $0 != .name && $0 != .source }.map(\.rawValue)
    }

    /// Accepts the CLI name or the schema name (`wechat` or `wechat_id`).
    init?(argument: String) {
        guard let field = Self.allCases.first(where: { $0.rawValue == argument || $0.schemaName.rawValue == argument }) else {
            return nil
        }
        self = field
    }
}
