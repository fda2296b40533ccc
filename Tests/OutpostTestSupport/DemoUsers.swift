import OutpostCore
import OutpostServer

/// The cast of `shared/DOMAIN.md` §5 with test tokens.
public enum DemoUsers {
    public static let wang = TokenDirectory.Entry(userID: UserID("u-wang"), name: "Wang", token: "wang-token")
    public static let zhao = TokenDirectory.Entry(userID: UserID("u-zhao"), name: "Zhao", token: "zhao-token")
    public static let sun = TokenDirectory.Entry(userID: UserID("u-sun"), name: "Sun", token: "sun-token")
    public static let chen = TokenDirectory.Entry(userID: UserID("u-chen"), name: "Chen", token: "chen-token")

    /// Everyone.
    public static let all = [wang, zhao, sun, chen]

    /// Everyone, as a token directory.
    public static var directory: TokenDirectory { TokenDirectory(all) }
}
