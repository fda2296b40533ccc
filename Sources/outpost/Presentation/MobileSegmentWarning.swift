import OutpostCore
import OutpostDomain

/// The segment check of mobile numbers typed by hand (DOMAIN ): warn-only. A number in
/// a data-only or IoT segment, or in no segment of the list, is saved as typed, and the
/// salesperson is told to check it with the contact, with the warning's stable code.
enum MobileSegmentWarning {
    /// Writes a warning to standard error for each mobile number among `values` (fields of
    /// `entity` whose format is a mainland mobile number) that the segment list questions.
    static func diagnose(_ values: [FieldName: FieldValue], of entity: EntitySchema) {
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            guard case .formatted(let format)? = entity.field(name)?.type, format == .mainlandMobile,
                  let number = value.textValue, let warning = text(for: number, field: name) else { continue }
            Console.diagnose(warning)
        }
    }

    /// The warning for `number` in `field`; nil when its segment is a phone's (or it is no
    /// mobile number at all, which the save itself refuses).
    static func text(for number: String, field: FieldName) -> String? {
        guard let normalized = MainlandMobile.normalize(number) else { return nil }
        let segment = MainlandMobile.segment(of: normalized)
        guard let code = segment.warningCode else { return nil }
        let why = switch segment {
        case .dataOnly: "is in a data-only or IoT segment (140x, 146, 148…), rarely a parent's phone"
        case .mobile, .unknown: "is in no mobile segment this laptop knows: new, or mistyped"
        }
        return "Warning [\(code)]: \(field.rawValue) \(normalized) \(why). It was saved; check the number with the contact."
    }
}
