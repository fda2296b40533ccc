import OutpostCore

extension Schema {
    /// `mobile` as the `user` row stores it (digits only, no +86), or nil when it is not a mobile number.
    func normalizedMobile(_ mobile: String) -> String? {
        // Dropping the reason is the point: a number that does not normalize matches no user.
        try? validate(entity: .user, field: FieldName("mobile"), value: .text(mobile)).value.textValue
    }
}
