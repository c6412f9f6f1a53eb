"""Word plans built in memory for import tests, in the layouts clerks use (no binary fixtures)."""

import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NBSP = "\u00a0"
HEADER = ["TT", "Nội dung", "Đơn vị/Bộ phận thực hiện"]


class Merged(str):
    """A table row of one cell merged across the whole table ("QUÝ I")."""


def _fill(cell, value) -> None:
    lines = value if isinstance(value, list) else [value]
    cell.paragraphs[0].text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


def add_table(document, rows, *, width: int | None = None):
    width = width or max(len(row) for row in rows if not isinstance(row, Merged))
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for values in rows:
        cells = table.add_row().cells
        if isinstance(values, Merged):
            merged = cells[0].merge(cells[-1])
            _fill(merged, str(values))
            continue
        for cell, value in zip(cells, values, strict=False):
            _fill(cell, value)
    return table


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "ke-hoach.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=DOCX_TYPE)


SEED_BASES = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 26/11/2003; Luật Sửa đổi, bổ sung một số điều của Luật Thi đua, khen "
    "thưởng ngày 14/6/2005; Luật Sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng ngày 16/11/2013 và "
    "các văn bản hướng dẫn thi hành;",
    "Căn cứ Kế hoạch số 03/KH-UBND ngày 03/01/2024 của UBND huyện Hữu Lũng về công tác thi đua, khen thưởng năm "
    "2024, UBND xã Thanh Sơn xây dựng kế hoạch công tác thi đua, khen thưởng năm 2024 như sau:",
]
SEED_PURPOSE = [
    "- Đẩy mạnh các phong trào thi đua, thiết thực lập thành tích chào mừng các ngày lễ, kỷ niệm trong năm 2024, "
    "quyết tâm khắc phục khó khăn, thực hiện thắng lợi các chỉ tiêu kinh tế - xã hội năm 2024 của xã.",
    "- Tổ chức thực hiện tốt công tác thi đua, khen thưởng, nâng cao chất lượng, hiệu quả các phong trào thi đua, "
    "đảm bảo thực hiện đồng bộ và có hiệu quả các nội dung quản lý nhà nước về công tác TĐKT trên địa bàn xã "
    "Thanh Sơn.",
]
SEED_REQUIREMENTS = [
    "Các phong trào thi đua phải đảm bảo tính thiết thực, chất lượng và hiệu quả, có sức lan tỏa trong mọi tầng "
    "lớp Nhân dân và thu hút được nhiều thành phần trong xã hội tham gia; công tác khen thưởng đảm bảo chính xác, "
    "công khai, minh bạch, kịp thời, đúng thành tích, đúng đối tượng quy định.",
]
SEED_IMPLEMENTATION = [
    "1. Căn cứ kế hoạch và nội dung phát động phong trào thi đua và các văn bản chỉ đạo hướng dẫn của huyện, UBND "
    "xã xây dựng kế hoạch tổ chức phát động thi đua tại cơ quan, các thôn và nhân dân; tổ chức ký giao ước thi đua "
    "và đăng ký các danh hiệu thi đua; theo dõi, đánh giá các danh hiệu thi đua; gắn công tác kiểm tra, đánh giá "
    "chuyên môn với đánh giá phong trào thi đua và xét khen thưởng.",
    "2. Giao bộ phận Văn hóa – xã hội xã theo dõi, đôn đốc công tác thực hiện kế hoạch, định kỳ báo cáo UBND, đồng "
    "thời tham mưu các nội dung liên quan nhằm thực hiện tốt nhiệm vụ được cụm thi đua phân công.",
]
SEED_CLOSING = (
    "Trên đây là kế hoạch công tác thi đua, khen thưởng năm 2024, UBND xã Thanh Sơn yêu cầu các ban ngành, đoàn "
    "thể xã, các thôn trong xã nghiêm túc triển khai thực hiện./."
)
SEED_RECIPIENTS = [
    ("Phòng Nội vụ huyện", "(b/c)"), ("TT Đảng ủy, HĐND xã", ""), ("CT, PCT UBND xã", ""),
    ("Các thành viên HĐTĐKT xã", ""), ("MTTQ và các đoàn thể xã", ""), ("05 thôn", ""),
    ("Lưu: VP, HĐ TĐ –KT", ""),
]
VHXH = "- Công chức Văn hóa – Xã hội phụ trách TĐKT xã"
VHXH_LQ = ["- HĐ TĐKT xã", VHXH, "- Các đơn vị liên quan"]

# (quarter, content, units) of the seed's 16 tasks as the file lists them; TT typed "09", 10 skipped, 12 twice.
SEED_TASKS = [
    ("q1", "Ban hành Kế hoạch công tác TĐKT năm 2024."),
    ("q1", "Phát động phong trào thi đua phấn đấu hoàn thành thắng lợi nhiệm vụ, mục tiêu phát triển kinh tế, xã "
           "hội, quốc phòng, an ninh năm 2024."),
    ("q1", "Chỉ đạo, đôn đốc các đơn vị và các ban ngành, đoàn thể ký kết giao ước thi đua, đăng ký thi đua năm 2024"),
    ("q1", "Tổ chức Hội nghị tổng kết phong trào thi đua, công tác khen thưởng năm 2023, triển khai nhiệm vụ năm "
           "2024."),
    ("q1", "Đăng ký các chỉ tiêu thi đua năm 2024 với UBND huyện, Hội đồng TĐKT huyện,"),
    ("q2", "Tham gia Hội nghị sơ kết công tác TĐKT 6 tháng đầu năm 2024."),
    ("q2", "Báo cáo sơ kết công tác TĐKT 6 tháng đầu năm 2024"),
    ("q2", "Xây dựng Quy chế phối hợp về tuyên truyền các phong trào thi đua yêu nước, các điển hình tiên tiến, "
           "gương người tốt, việc tốt"),
    ("q2", "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2024"),
    ("q3", "Tham gia Hội nghị sơ kết công tác TĐKT 6 tháng đầu năm 2024 của Cụm thi đua số VI (Địa điểm tại đơn vị "
           "Trưởng Cụm năm 2024)"),
    ("q3", "Cử công chức phụ trách TĐKT xã tham dự các lớp bồi dưỡng nghiệp vụ công tác TĐKT năm 2024"),
    ("q4", "Hướng dẫn tổng kết công tác thi đua, khen thưởng năm 2024."),
    ("q4", "Báo cáo tổng kết công tác TĐKT năm 2024, phương hướng nhiệm vụ công tác 2025; tổ chức chấm điểm thi đua "
           "năm 2024 gửi HĐTĐKT huyện."),
    ("q4", "Tổ chức Hội nghị thống nhất chấm điểm Cụm thi đua cùn số VI năm 2024."),
    ("q4", "Chỉ đạo, đôn đốc các đơn vị thi đua trực thuộc, triển khai nhiệm vụ công tác năm 2024."),
    ("q4", "Dự thảo kế hoạch công tác TĐKT năm 2025"),
]


def seed_plan_docx() -> bytes:
    """The seed plan (../shared/seeds/000_…txt) typed as Word: three tables (the header typed again after each page
    break, task 2's units carried over the break), quarter rows merged in the first table and typed in the first
    cell only in the others, units one per paragraph with "- ", non-breaking spaces, TT "09", 10 skipped, 12 twice."""
    t = [content for _kind, content in SEED_TASKS]
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph(f"Công tác thi đua,{NBSP}khen thưởng năm 2024")
    for line in SEED_BASES:
        document.add_paragraph(line)
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("1. Mục đích")
    for line in SEED_PURPOSE:
        document.add_paragraph(line)
    document.add_paragraph("2. Yêu cầu")
    for line in SEED_REQUIREMENTS:
        document.add_paragraph(line)
    document.add_paragraph("II. NỘI DUNG")
    add_table(document, [
        HEADER,
        Merged("QUÝ I"),
        ["1", t[0], ["- UBND xã", "- Công chức Văn hóa – Xã hội xã"]],
        ["2", t[1], ["- UBND xã", "- HD TĐKT xã", "- Công chức Văn hóa –"]],
    ])
    add_table(document, [
        HEADER,
        ["", "", "Xã hội"],
        ["3", t[2], ["- HĐ TĐKT xã", "- Công chức Văn hóa – Xã hội"]],
        ["4", t[3], ["- UBND xã", "- HĐ TĐKT xã", "- Các đơn vị liên quan"]],
        ["5", t[4], ["- UBND xã", "- HĐ TĐKT xã", "- Các đơn vị liên quan"]],
        ["Quý II", "", ""],
        ["6", t[5], ["- HĐ TĐKT xã", f"- Công chức Văn hóa – Xã hội phụ trách{NBSP}TĐKT xã.",
                     "- Các đơn vị liên quan."]],
        ["7", t[6], ["- HĐ TĐKT xã", "- Công chức Văn hóa – Xã hội xã"]],
        ["8", t[7], [*VHXH_LQ[:2], "- Các đơn vị liên quan."]],
        ["09", t[8], VHXH_LQ],
        ["QUÝ III", "", ""],
        ["11", t[9], ["- UBND xã", VHXH]],
        ["12", t[10], ["- UBND xã"]],
        ["QUÝ IV", "", ""],
    ])
    add_table(document, [
        HEADER,
        ["12", t[11], ["- HĐ TĐKT xã", VHXH]],
        ["13", t[12], ["- UBND xã", VHXH]],
        ["14", t[13], ["- UBND xã", VHXH]],
        ["15", t[14], VHXH_LQ],
        [f"16{NBSP}", t[15], [VHXH]],
    ])
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    for line in SEED_IMPLEMENTATION:
        document.add_paragraph(line)
    document.add_paragraph(SEED_CLOSING)
    document.add_paragraph("Nơi nhận:")
    for index, (name, note) in enumerate(SEED_RECIPIENTS):
        end = "." if index == len(SEED_RECIPIENTS) - 1 else ";"
        document.add_paragraph(f"- {name} {note}".rstrip() + end)
    document.add_paragraph("CHỦ TỊCH")
    document.add_paragraph("Sầm Văn Thao")
    return docx_bytes(document)


def split_columns_docx() -> bytes:
    """Another commune's layout: the decree's header table, "Chủ trì" / "Phối hợp" columns under a merged
    "Đơn vị thực hiện" and a "Thời gian" column, units joined by ";" and ",", the signature in a table."""
    document = docx.Document()
    head = document.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    _fill(left, ["UBND HUYỆN HỮU LŨNG", "ỦY BAN NHÂN DÂN XÃ YÊN BÌNH", "Số: 07/KH-UBND"])
    _fill(right, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                  "Yên Bình, ngày 08 tháng 01 năm 2024"])
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Tổ chức phong trào thi đua năm 2024")
    document.add_paragraph("Căn cứ Luật Thi đua, khen thưởng năm 2022;")
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("Mục đích: Tạo khí thế thi đua sôi nổi.")
    document.add_paragraph("Yêu cầu:")
    document.add_paragraph("Thiết thực, hiệu quả.")
    document.add_paragraph("II. NỘI DUNG")
    table = add_table(document, [
        ["STT", "Nội dung công việc", "Đơn vị thực hiện", "", "Thời gian"],
        ["", "", "Chủ trì", "Phối hợp", ""],
        Merged("Quý I"),
        ["1", "Ban hành kế hoạch", "UBND xã", "HĐ TĐKT xã; Các đơn vị liên quan", "Trước 15/01"],
        ["2", "Phát động thi đua", "HĐ TĐKT xã", "UBND xã, Các đơn vị liên quan", "31/01/2024"],
        Merged("QUÝ II"),
        ["3", "Sơ kết 6 tháng", "UBND xã", "", "Tháng 6"],
        Merged("Quý IV"),
        ["4", "Tổng kết năm", "UBND xã", "HĐ TĐKT xã", "Trước 20/12"],
    ])
    header = table.rows[0].cells
    header[2].merge(header[3])
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    document.add_paragraph("Giao công chức Văn hóa – Xã hội theo dõi.")
    document.add_paragraph("Trên đây là kế hoạch năm 2024 của UBND xã Yên Bình./.")
    closing = document.add_table(rows=1, cols=2)
    left, right = closing.rows[0].cells
    _fill(left, ["Nơi nhận:", "- UBND huyện (b/c);", "- Lưu: VT."])
    _fill(right, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)", "Hoàng Văn Nam"])
    return docx_bytes(document)


def letter_docx() -> bytes:
    """A Word file that is not a plan: a letter with a table of figures."""
    document = docx.Document()
    document.add_paragraph("Kính gửi: UBND huyện Hữu Lũng")
    document.add_paragraph("UBND xã Thanh Sơn báo cáo số liệu như sau:")
    add_table(document, [["Chỉ tiêu", "Số lượng"], ["Hộ gia đình", "512"]])
    return docx_bytes(document)
