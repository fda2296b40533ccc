/// The text of `fixtures/mobile-segments.json`, built into the app so a laptop can check
/// segments offline (DOMAIN ). `MobileSegmentTableTests` keeps the two identical:
/// change the fixture, then paste it here.
extension MobileSegmentTable {
    /// The JSON text of the built-in segment table.
    public static let embeddedJSON = """
{
  "version": "2019-12-24",
  "source": "PHONE-SEG https://wsa.jianshu.io/p/5fbb85967bfd (DOMAIN.md R-1.3); the 13-digit IoT network codes 10646, 10648 and 10649 are not 11-digit mobiles and fail R-1.2 before any segment check",
  "accepted": ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "146", "147", "148", "149", "150", "151", "152", "153", "155", "156", "157", "158", "159", "162", "165", "166", "167", "170", "171", "172", "173", "174", "175", "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "190", "191", "192", "193", "195", "196", "197", "198", "199"],
  "dataOnly": ["140", "1410", "1440", "146", "148"]
}
"""
}
