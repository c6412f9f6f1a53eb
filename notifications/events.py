"""The event kinds notifications itself announces."""

from .registry import event_register

REMINDER = event_register("reminder", "Nhắc việc hằng ngày (nhiệm vụ, hạn đăng ký, hồ sơ, báo cáo)")
DOCUMENT_TAMPERED = event_register("document_tampered", "Văn bản đã ban hành bị thay đổi (sai mã kiểm tra)")
