import OutpostCore
import OutpostDomain
import OutpostProtocol

extension CommandOnlyValues {
    /// - Throws: `CommandRefusal` with code `field.command_only` for a pushed write of a
    ///   command-only value.
    static func check(_ change: PushChange) throws(CommandRefusal) {
        guard let message = refusal(writing: change.value, to: change.field, of: change.entity) else { return }
        throw CommandRefusal(code: code, message: message)
    }
}
