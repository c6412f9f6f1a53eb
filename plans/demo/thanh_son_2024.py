"""The 2024 plan of UBND xã Thanh Sơn, copied from the commune's Word file (seeds/000_0461bde9963f5fe7.txt).

Kept as Python literals so the application never reads the seed at run time. Texts are exactly as typed
in the original, including its quirks ("cùn số VI", "HĐ TĐ –KT", the comma ending task 5); the only
repair is task 2's unit "Công chức Văn hóa – Xã hội", which a page break had split over two lines.
Unit names are kept as the original spells them ("HD TĐKT xã", "… phụ trách TĐKT xã.") and matched to
the catalog below through its aliases, the way an imported plan is.
"""

import datetime as dt

ORGANIZATION = {
    "slug": "thanh-son",
    "name": "Ủy ban nhân dân xã Thanh Sơn",
    "short_name": "UBND xã Thanh Sơn",
    "superior_name": "UBND huyện Hữu Lũng",
    "place_name": "Thanh Sơn",
    "chairman_name": "Sầm Văn Thao",
}

UBND = "UBND xã"
COUNCIL = "HĐ TĐKT xã"
VHXH = "Công chức Văn hóa – Xã hội"
RELATED = "Các đơn vị liên quan"

# (name, kind, aliases). Order is the catalog's display order.
UNITS = [
    (UBND, "ubnd", ["Ủy ban nhân dân xã", "UBND xã Thanh Sơn"]),
    (COUNCIL, "hoi_dong", [
        "HD TĐKT xã", "HĐTĐKT xã", "Hội đồng TĐKT xã", "Hội đồng Thi đua – Khen thưởng xã",
    ]),
    (VHXH, "cong_chuc", [
        "Công chức Văn hóa – Xã hội xã",
        "Công chức Văn hóa – Xã hội phụ trách TĐKT xã",
        "Bộ phận Văn hóa – xã hội xã",
    ]),
    ("Văn phòng – Thống kê", "cong_chuc", ["Công chức Văn phòng – Thống kê", "VP – TK"]),
    ("Công an xã", "ban_nganh", []),
    ("Ban Chỉ huy Quân sự xã", "ban_nganh", ["BCH Quân sự xã", "Ban CHQS xã"]),
    ("MTTQ xã", "doan_the", ["Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Mặt trận Tổ quốc xã"]),
    ("Hội Nông dân xã", "doan_the", ["Hội ND xã"]),
    ("Hội Liên hiệp Phụ nữ xã", "doan_the", ["Hội LHPN xã", "Hội Phụ nữ xã"]),
    ("Đoàn Thanh niên xã", "doan_the", ["Đoàn TNCS Hồ Chí Minh xã", "Đoàn TN xã"]),
    ("Hội Cựu chiến binh xã", "doan_the", ["Hội CCB xã"]),
    # The seed only says "05 thôn": these five names are invented for the demo, not the real villages.
    ("Thôn Làng Bẻ", "thon", []),
    ("Thôn Đồng Mạ", "thon", []),
    ("Thôn Khuôn Nang", "thon", []),
    ("Thôn Nà Lốc", "thon", []),
    ("Thôn Tân Lập", "thon", []),
    (RELATED, "khac", []),
]

PLAN = {
    "year": 2024,
    # The Word file carries neither a number nor a date: both stay empty until the plan is issued.
    "number": "",
    "issued_on": None,
    "title": "Công tác thi đua, khen thưởng năm 2024",
    "legal_bases": "\n".join([
        "Căn cứ Luật Thi đua, khen thưởng ngày 26/11/2003; Luật Sửa đổi, bổ sung một số điều của Luật Thi "
        "đua, "
        "khen thưởng ngày 14/6/2005; Luật Sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày "
        "16/11/2013 và các văn bản hướng dẫn thi hành;",
        "Căn cứ Kế hoạch số 03/KH-UBND ngày 03/01/2024 của UBND huyện Hữu Lũng về công tác thi đua, khen "
        "thưởng "
        "năm 2024, UBND xã Thanh Sơn xây dựng kế hoạch công tác thi đua, khen thưởng năm 2024 như sau:",
    ]),
    "purpose": "\n".join([
        "- Đẩy mạnh các phong trào thi đua, thiết thực lập thành tích chào mừng các ngày lễ, kỷ niệm trong "
        "năm "
        "2024, quyết tâm khắc phục khó khăn, thực hiện thắng lợi các chỉ tiêu kinh tế - xã hội năm 2024 của "
        "xã.",
        "- Tổ chức thực hiện tốt công tác thi đua, khen thưởng, nâng cao chất lượng, hiệu quả các phong trào "
        "thi "
        "đua, đảm bảo thực hiện đồng bộ và có hiệu quả các nội dung quản lý nhà nước về công tác TĐKT trên "
        "địa "
        "bàn xã Thanh Sơn.",
    ]),
    "requirements": (
        "Các phong trào thi đua phải đảm bảo tính thiết thực, chất lượng và hiệu quả, có sức lan tỏa trong "
        "mọi "
        "tầng lớp Nhân dân và thu hút được nhiều thành phần trong xã hội tham gia; công tác khen thưởng đảm "
        "bảo "
        "chính xác, công khai, minh bạch, kịp thời, đúng thành tích, đúng đối tượng quy định."
    ),
    "implementation": "\n".join([
        "1. Căn cứ kế hoạch và nội dung phát động phong trào thi đua và các văn bản chỉ đạo hướng dẫn của "
        "huyện, "
        "UBND xã xây dựng kế hoạch tổ chức phát động thi đua tại cơ quan, các thôn và nhân dân; tổ chức ký "
        "giao "
        "ước thi đua và đăng ký các danh hiệu thi đua; theo dõi, đánh giá các danh hiệu thi đua; gắn công "
        "tác "
        "kiểm tra, đánh giá chuyên môn với đánh giá phong trào thi đua và xét khen thưởng.",
        "2. Giao bộ phận Văn hóa – xã hội xã theo dõi, đôn đốc công tác thực hiện kế hoạch, định kỳ báo cáo "
        "UBND, đồng thời tham mưu các nội dung liên quan nhằm thực hiện tốt nhiệm vụ được cụm thi đua phân "
        "công.",
    ]),
    "closing": (
        "Trên đây là kế hoạch công tác thi đua, khen thưởng năm 2024, UBND xã Thanh Sơn yêu cầu các ban "
        "ngành, "
        "đoàn thể xã, các thôn trong xã nghiêm túc triển khai thực hiện./."
    ),
    "signer_authority": "TM. ỦY BAN NHÂN DÂN",
    "signer_title": "CHỦ TỊCH",
    "signer_name": "Sầm Văn Thao",
}

# "Nơi nhận" as (name, note); the template adds the bullets, the ";" and the final ".".
RECIPIENTS = [
    ("Phòng Nội vụ huyện", "(b/c)"),
    ("TT Đảng ủy, HĐND xã", ""),
    ("CT, PCT UBND xã", ""),
    ("Các thành viên HĐTĐKT xã", ""),
    ("MTTQ và các đoàn thể xã", ""),
    ("05 thôn", ""),
    ("Lưu: VP, HĐ TĐ –KT", ""),
]

# Section II by quarter, in the seed's order: (content, unit names as typed in the seed). The seed's own
# numbers ("09", no 10, 12 twice) are dropped: the services number the tasks 1–16.
TASKS = {
    "q1": [
        ("Ban hành Kế hoạch công tác TĐKT năm 2024.", ["UBND xã", "Công chức Văn hóa – Xã hội xã"]),
        (
            "Phát động phong trào thi đua phấn đấu hoàn thành thắng lợi nhiệm vụ, mục tiêu phát triển kinh "
            "tế, xã "
            "hội, quốc phòng, an ninh năm 2024.",
            ["UBND xã", "HD TĐKT xã", "Công chức Văn hóa – Xã hội"],
        ),
        (
            "Chỉ đạo, đôn đốc các đơn vị và các ban ngành, đoàn thể ký kết giao ước thi đua, đăng ký thi đua "
            "năm 2024",
            ["HĐ TĐKT xã", "Công chức Văn hóa – Xã hội"],
        ),
        (
            "Tổ chức Hội nghị tổng kết phong trào thi đua, công tác khen thưởng năm 2023, triển khai nhiệm "
            "vụ năm "
            "2024.",
            ["UBND xã", "HĐ TĐKT xã", "Các đơn vị liên quan"],
        ),
        (
            "Đăng ký các chỉ tiêu thi đua năm 2024 với UBND huyện, Hội đồng TĐKT huyện,",
            ["UBND xã", "HĐ TĐKT xã", "Các đơn vị liên quan"],
        ),
    ],
    "q2": [
        (
            "Tham gia Hội nghị sơ kết công tác TĐKT 6 tháng đầu năm 2024.",
            ["HĐ TĐKT xã", "Công chức Văn hóa – Xã hội phụ trách TĐKT xã.", "Các đơn vị liên quan."],
        ),
        (
            "Báo cáo sơ kết công tác TĐKT 6 tháng đầu năm 2024",
            ["HĐ TĐKT xã", "Công chức Văn hóa – Xã hội xã"],
        ),
        (
            "Xây dựng Quy chế phối hợp về tuyên truyền các phong trào thi đua yêu nước, các điển hình tiên "
            "tiến, "
            "gương người tốt, việc tốt",
            ["HĐ TĐKT xã", "Công chức Văn hóa – Xã hội phụ trách TĐKT xã", "Các đơn vị liên quan."],
        ),
        (
            "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2024",
            ["HĐ TĐKT xã", "Công chức Văn hóa – Xã hội phụ trách TĐKT xã", "Các đơn vị liên quan"],
        ),
    ],
    "q3": [
        (
            "Tham gia Hội nghị sơ kết công tác TĐKT 6 tháng đầu năm 2024 của Cụm thi đua số VI (Địa điểm tại "
            "đơn "
            "vị Trưởng Cụm năm 2024)",
            ["UBND xã", "Công chức Văn hóa – Xã hội phụ trách TĐKT xã"],
        ),
        (
            "Cử công chức phụ trách TĐKT xã tham dự các lớp bồi dưỡng nghiệp vụ công tác TĐKT năm 2024",
            ["UBND xã"],
        ),
    ],
    "q4": [
        (
            "Hướng dẫn tổng kết công tác thi đua, khen thưởng năm 2024.",
            ["HĐ TĐKT xã", "Công chức Văn hóa – Xã hội phụ trách TĐKT xã"],
        ),
        (
            "Báo cáo tổng kết công tác TĐKT năm 2024, phương hướng nhiệm vụ công tác 2025; tổ chức chấm điểm "
            "thi "
            "đua năm 2024 gửi HĐTĐKT huyện.",
            ["UBND xã", "Công chức Văn hóa – Xã hội phụ trách TĐKT xã"],
        ),
        (
            "Tổ chức Hội nghị thống nhất chấm điểm Cụm thi đua cùn số VI năm 2024.",
            ["UBND xã", "Công chức Văn hóa – Xã hội phụ trách TĐKT xã"],
        ),
        (
            "Chỉ đạo, đôn đốc các đơn vị thi đua trực thuộc, triển khai nhiệm vụ công tác năm 2024.",
            ["HĐ TĐKT xã", "Công chức Văn hóa – Xã hội phụ trách TĐKT xã", "Các đơn vị liên quan"],
        ),
        (
            "Dự thảo kế hoạch công tác TĐKT năm 2025",
            ["Công chức Văn hóa – Xã hội phụ trách TĐKT xã"],
        ),
    ],
}

# Demo accounts (created only when settings.DEMO_MODE is on). Apart from the chairman, whose name is in
# the seed, the people are invented for the demo.
PASSWORD = "thanhson2024"  # noqa: S105 - the documented demo password, printed by `make run`
ACCOUNTS = [
    # (username, role, full name, unit of their Person record or None, position)
    ("chutich", "chu_tich", "Sầm Văn Thao", UBND, "Chủ tịch UBND xã"),
    ("vhxh", "vhxh", "Hoàng Thị Lan", VHXH, "Công chức Văn hóa – Xã hội"),
    # A member of the council, so the unit officer has several of the seed's tasks to report on.
    ("canbo", "can_bo", "Lương Văn Hùng", COUNCIL, "Thành viên Hội đồng TĐKT xã"),
    ("huyen", "cap_tren", "Nguyễn Thị Hà", None, "Chuyên viên Phòng Nội vụ huyện Hữu Lũng"),
]

# Progress to show on the dashboard, by task number: (status, note or reason, who reports it).
# Applied once, when the plan is first created, and only to tasks whose quarter has begun.
PROGRESS = {
    1: ("done", "Đã ban hành kế hoạch, gửi các ban ngành, đoàn thể và 05 thôn.", "vhxh"),
    2: ("done", "Đã phát động tại hội nghị cán bộ chủ chốt xã đầu năm.", "canbo"),
    3: ("done", "Các ban ngành, đoàn thể và 05 thôn đã ký giao ước thi đua.", "canbo"),
    4: ("done", "Hội nghị tổ chức tại hội trường UBND xã, có đại diện Phòng Nội vụ huyện dự.", "vhxh"),
    5: ("done", "Đã gửi bản đăng ký chỉ tiêu thi đua về Hội đồng TĐKT huyện.", "vhxh"),
    6: ("done", "Đã tham gia hội nghị sơ kết của huyện.", "canbo"),
    7: ("done", "Đã gửi báo cáo sơ kết 6 tháng về Phòng Nội vụ huyện.", "vhxh"),
    8: ("cancelled", "Huyện đang xây dựng quy chế chung; xã thực hiện theo quy chế của huyện khi ban hành.",
        "vhxh"),
    9: ("done", "Đã tổ chức sơ kết, khen thưởng 03 tập thể và 05 cá nhân.", "canbo"),
    10: ("done", "Đã dự hội nghị sơ kết Cụm thi đua số VI.", "vhxh"),
    11: ("in_progress", "Đã cử 01 công chức; chờ huyện mở lớp bồi dưỡng.", "vhxh"),
    12: ("in_progress", "Đã gửi hướng dẫn tổng kết tới các ban ngành, đoàn thể; đang nhận báo cáo.", "canbo"),
}


# How the plan was issued (the number and date are the demo's; the seed file shows neither).
ISSUED = {"number": "15/KH-UBND", "issued_on": dt.date(2024, 1, 5)}

HALF_YEAR_REPORT = {
    "issued_on": dt.date(2024, 7, 10),
    "assessment": (
        "Sáu tháng đầu năm 2024, UBND xã đã ban hành kế hoạch và phát động phong trào thi đua ngay từ đầu năm; "
        "các ban ngành, đoàn thể và 05 thôn ký giao ước, đăng ký thi đua đầy đủ.\n"
        "Hội nghị sơ kết 6 tháng được tổ chức đúng kế hoạch; các nhiệm vụ quý I, quý II cơ bản hoàn thành."
    ),
    "shortcomings": (
        "Việc xây dựng Quy chế phối hợp tuyên truyền chưa thực hiện, chờ quy chế chung của huyện.\n"
        "Một số đơn vị gửi báo cáo còn chậm."
    ),
    "directions": (
        "Tiếp tục đôn đốc các đơn vị thực hiện nhiệm vụ quý III, quý IV; chuẩn bị tổng kết năm 2024."
    ),
}
