/// Which stored values a seed (`ChangeStore.seed`) writes over.
public enum SeedOverwrite: Sendable, Hashable {
    /// Every value: an administrator's command (`users`, `units`, `roles`) states what the row
    /// holds from now on.
    case everything
    /// Only fields the seed never wrote or that still hold its own last write: a seed file read
    /// at every start (`--demo`, `--seed FILE`) adds rows and fields and moves its own values,
    /// and never undoes what someone changed since (`SeedFileWrites`).
    case ownValuesOnly
}
