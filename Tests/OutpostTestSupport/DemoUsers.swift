import Foundation
import OutpostCore
import OutpostServer

/// The cast of `shared/DOMAIN.md` §5 with test tokens.
public enum DemoUsers {
    public static let wang = TokenDirectory.Entry(userID: UserID("u-wang"), name: "Wang", token: "wang-token")
    public static let zhao = TokenDirectory.Entry(userID: UserID("u-zhao"), name: "Zhao", token: "zhao-token")
    public static let sun = TokenDirectory.Entry(userID: UserID("u-sun"), name: "Sun", token: "sun-token")
    public static let chen = TokenDirectory.Entry(userID: UserID("u-chen"), name: "Chen", token: "chen-token")
    public static let lily = TokenDirectory.Entry(userID: UserID("u-lily"), name: "Lily", token: "lily-token")

    /// Everyone.
    public static let all = [wang, zhao, sun, chen, lily]

    /// Everyone, as a token directory.
    public static var directory: TokenDirectory { TokenDirectory(all) }
}

/// The demo organisation of `shared/DOMAIN.md` §5 (启航教育, branches HD and CY, team T1, the
/// cast's user rows, HD-Pool, a trial session): `fixtures/demo-org/org.json`.
public enum DemoOrganisation {
    /// The file.
    public static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/demo-org/org.json")

    /// Its rows.
    public static func rows() throws -> [SeedRow] {
        try SeedFile.load(file)
    }
}
