"""The religions recognised in Việt Nam that the portal offers by default (code, name), in the order
forms and reports list them. The data migration installs them; the demo re-ensures them."""

RELIGIONS = [
    ("phat-giao", "Phật giáo"),
    ("cong-giao", "Công giáo"),
    ("tin-lanh", "Tin lành"),
    ("cao-dai", "Cao Đài"),
    ("hoa-hao", "Phật giáo Hòa Hảo"),
    ("hoi-giao", "Hồi giáo"),
    ("tu-an-hieu-nghia", "Tứ Ân Hiếu Nghĩa"),
    ("buu-son-ky-huong", "Bửu Sơn Kỳ Hương"),
    ("tinh-do-cu-si", "Tịnh độ Cư sĩ Phật hội Việt Nam"),
    ("baha-i", "Baha'i"),
    ("minh-su-dao", "Minh Sư Đạo"),
]
