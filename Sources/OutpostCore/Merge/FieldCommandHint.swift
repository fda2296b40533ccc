/// What to do instead of a refused write of a field only the server or a command changes:
/// the command that changes it, named as the person types it. A refusal that names the wrong
/// command sends a salesperson looking for something that does not apply.
enum FieldCommandHint {
    /// The way to change `field` of `entity`, which only the server writes.
    static func serverOwned(_ entity: EntityName, _ field: FieldName) -> String {
        switch (entity.rawValue, field.rawValue) {
        case (_, "owner_id"), (_, "pool_state"), (_, "pool_id"), (_, "previous_owner_id"):
            "claim it from the pool (`outpost claim`), release it (`outpost release`), or have it transferred (`outpost transfer`)"
        case (_, "branch_id"):
            "a transfer to someone of another branch moves it (`outpost transfer`, a manager's)"
        case (_, "rw_member_ids"), (_, "ro_member_ids"):
            "share it (`outpost share`) or end a membership (`outpost unshare`)"
        case ("appointment", "trial_session_id"), ("appointment", "waitlisted"):
            "book the appointment into a session (`outpost book`); the server checks the seats"
        case ("lead", "converted_customer_id"):
            "convert the lead (`outpost convert`)"
        case ("lead", "duplicate_of_id"):
            "merge the duplicates (`outpost merge`)"
        default:
            "the server sets it from other records or at an administrator's request; it cannot be written"
        }
    }

    /// The way to move `field` of `entity` back, which an edit cannot.
    static func outranked(_ entity: EntityName, _ field: FieldName) -> String {
        switch (entity.rawValue, field.rawValue) {
        case ("opportunity", _):
            "a team lead reopens the opportunity at a stage (`outpost reopen`)"
        case ("contact", "do_not_contact"):
            "only clearing it with a reason lifts it (`outpost clear-dnc`)"
        case ("appointment", "status"):
            "an appointment that is over stays so; make a new appointment (rescheduled_from_id) instead"
        default:
            "it only moves forward"
        }
    }
}
