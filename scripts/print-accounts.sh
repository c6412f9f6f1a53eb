#!/usr/bin/env bash
url="${1:-http://127.0.0.1:8000}"
cat <<TXT

  Thanh Sơn TĐKT đang chạy tại ${url}
  Tài khoản dùng thử (chỉ ở chế độ demo), mật khẩu: thanhson2024
    chutich  – Chủ tịch UBND xã
    vhxh     – Công chức Văn hóa – Xã hội
    canbo    – Cán bộ đơn vị (HĐ TĐKT xã)
    huyen    – Cơ quan cấp trên (chỉ xem)
  Dừng: Ctrl+C

TXT
