import OutpostCore
import Testing

/// A refused write of a field only the server or a command changes names the command that
/// does apply to that field, not a list of unrelated ones (black-box round 15: an attended
/// appointment's status was told to use `reopen` or `clear_do_not_contact`); and a pasted page of
/// text is not repeated whole (round 17).
@Suite struct ChangeRejectionHintTests {
    @Test func aServerOwnedFieldNamesTheCommandThatChangesIt() {
        #expect(ChangeRejection.serverOwnedField.message(entity: EntityName("appointment"), field: FieldName("trial_session_id"))
            == "Field 'appointment.trial_session_id' is set by the server only; book the appointment into a session (`outpost book`); the server checks the seats.")
        #expect(ChangeRejection.serverOwnedField.message(entity: EntityName("lead"), field: FieldName("owner_id")).contains("`outpost claim`"))
        #expect(ChangeRejection.serverOwnedField.message(entity: EntityName("lead"), field: FieldName("score"))
            == "Field 'lead.score' is set by the server only; the server sets it from other records or at an administrator's request; it cannot be written.")
    }

    @Test func aLongUnknownWordIsNotRepeatedWhole() {
        let word = String(repeating: "A", count: 1_500)
        let message = ChangeRejection.unknownEnumWord(word: word, allowed: ["A", "B"]).message(entity: EntityName("lead"), field: FieldName("intent_level"))
        #expect(message.contains(String(repeating: "A", count: 60) + "… (1500 characters)"))
        #expect(message.count < 300)
    }

    @Test func anOutrankedFieldSaysWhatMovesItBack() {
        #expect(ChangeRejection.outranked(current: "attended").message(entity: EntityName("appointment"), field: FieldName("status"))
            == "Field 'appointment.status' is at 'attended', which an edit cannot move back; an appointment that is over stays so; make a new appointment (rescheduled_from_id) instead.")
        #expect(ChangeRejection.outranked(current: "true").message(entity: EntityName("contact"), field: FieldName("do_not_contact"))
            .contains("`outpost clear-dnc`"))
        #expect(ChangeRejection.outranked(current: "negotiation").message(entity: EntityName("opportunity"), field: FieldName("stage"))
            .contains("`outpost reopen`"))
    }
}
