/// What the segment list says about a mainland mobile number (DOMAIN ).
public enum MobileSegment: String, Hashable, Sendable {
    /// A segment carriers give to phones.
    case mobile
    /// A data-only or IoT segment (140x, 1410x, 1440x, 146, 148): probably not a parent's phone.
    case dataOnly
    /// In no segment of the list: new, or mistyped.
    case unknown

    /// The stable code of the warning to show at manual entry (imports may refuse it in
    /// strict mode); nil when there is nothing to warn about.
    public var warningCode: String? {
        switch self {
        case .mobile: nil
        case .dataOnly: "phone.data_only_segment"
        case .unknown: "phone.unknown_segment"
        }
    }
}
