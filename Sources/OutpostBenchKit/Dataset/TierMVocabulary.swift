/// The words the tier-M generator draws from (DOMAIN.md §1.3, §1.8, §4.2): parents named the
/// way sales teams record them (王妈妈), children, mainland mobile prefixes, addresses in the
/// cities of a national chain, and the notes course consultants actually write.
enum TierMVocabulary {
    /// Common surnames with their pinyin (for WeChat ids).
    static let surnames: [(hanzi: String, pinyin: String)] = [
        ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
        ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
        ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("高", "gao"),
        ("林", "lin"), ("罗", "luo"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
        ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"),
    ]

    /// How a parent is called when the salesperson only knows the child's surname.
    static let relations: [(hanzi: String, pinyin: String)] = [
        ("妈妈", "mama"), ("爸爸", "baba"), ("奶奶", "nainai"), ("爷爷", "yeye"),
        ("外婆", "waipo"), ("外公", "waigong"), ("姐姐", "jiejie"), ("阿姨", "ayi"),
    ]
    /// Weights of `relations`: mothers call far more often.
    static let relationWeights = [55, 20, 8, 4, 6, 2, 2, 3]

    /// Adults' given names, for parents recorded by full name.
    static let adultGivenNames = ["丽娟", "建国", "海燕", "志强", "秀英", "晓东", "美玲", "伟", "芳", "静", "军", "红梅", "立新", "春花"]

    /// Children's given names.
    static let childGivenNames = [
        "梓涵", "子轩", "欣怡", "浩然", "一诺", "思远", "雨桐", "宇航", "可馨", "俊熙", "诗涵", "博文",
        "梓萱", "皓轩", "语桐", "明哲", "若曦", "天佑", "佳怡", "泽宇", "小明", "乐乐", "朵朵", "子墨",
    ]

    /// Mainland mobile prefixes (the first three digits of a normalized 11-digit number).
    static let mobilePrefixes = [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153",
        "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182",
        "183", "185", "186", "187", "188", "189", "191", "198", "199",
    ]

    /// City, district and road triples where branches run ground promotion.
    static let streets = [
        "上海市浦东新区张杨路", "上海市闵行区七莘路", "北京市海淀区中关村大街", "北京市朝阳区望京西路",
        "广州市天河区天河路", "深圳市南山区科技园南路", "杭州市西湖区文三路", "成都市武侯区人民南路",
        "南京市鼓楼区中山北路", "武汉市洪山区珞喻路", "西安市雁塔区小寨东路", "苏州市工业园区星湖街",
        "重庆市渝北区新牌坊一路", "长沙市岳麓区麓山南路", "郑州市金水区花园路", "天津市南开区鞍山西道",
    ]
    static let estates = ["锦绣苑", "阳光花园", "万科城", "碧桂园", "世纪新城", "翠湖小区", "滨江一号", "金色家园"]

    static let grades = ["幼儿园大班", "一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "初二"]
    static let courses = ["数学思维课", "少儿英语", "少儿编程", "美术", "钢琴", "围棋", "书法", "舞蹈", "作文", "科学实验"]
    static let times = ["周末", "周六上午", "周日下午", "工作日晚上", "寒假", "暑假"]
    static let remarks = [
        "家长希望一对一", "已试听一次，反馈不错", "价格敏感，要等优惠", "转介绍自老学员家长", "地推扫码留资",
        "需要再次回访", "对校区距离有顾虑", "爸爸做决定，下次约爸爸一起来", "孩子比较内向，先上体验课",
        "想和同学一起报班", "之前在别家学过一年",
    ]

    /// Source channels (DOMAIN §1.3 `source_channel`) and how often leads come from each.
    static let sourceChannelWeights: [(channel: String, weight: Int)] = [
        ("ground_promotion", 25), ("referral", 15), ("advertising", 12), ("self_media", 10), ("purchased_list", 8),
        ("partnership", 5), ("event", 8), ("walk_in", 5), ("inbound_call", 7), ("web_form", 5),
    ]

    /// Intent levels (意向强烈度) and their weights.
    static let intentWeights: [(level: String, weight: Int)] = [("A", 10), ("B", 25), ("C", 40), ("D", 25)]

    /// Follow-up methods (schema `follow_up.method`) and their weights: telesales call most.
    static let followUpMethodWeights: [(method: String, weight: Int)] = [("phone", 55), ("wechat", 25), ("visit", 10), ("sms", 6), ("other", 4)]
    static let followUpNotes = [
        "电话沟通：孩子%@，想了解%@，%@有空。", "微信发了课程表和价格，家长说考虑一下。",
        "约了%@来校区试听%@。", "家长没接电话，晚点再打。", "试听后反馈：孩子很喜欢%@，家长在比较价格。",
        "上门拜访，见到了%@的家长，留了资料。",
    ]
}
