"""The award types of Luật Thi đua, khen thưởng 2022 (Điều 8–Điều 34), installed as data by migration
0002 and editable by an admin afterwards (a province adds its own forms the same way).

(code, name, category, kind, class, level, recipients) — recipients: "T" tập thể, "C" cá nhân, "H" hộ gia đình.
"""

TITLE, FORM = "danh_hieu", "hinh_thuc"
STATE, GOVERNMENT, PROVINCE, GRASSROOTS = "chu_tich_nuoc", "thu_tuong", "tinh", "co_so"

AWARD_TYPES = [
    # Hình thức khen thưởng cấp Nhà nước (Chủ tịch nước quyết định)
    ("huan-chuong-sao-vang", "Huân chương Sao vàng", FORM, "huan_chuong", "", STATE, "TC"),
    ("huan-chuong-ho-chi-minh", "Huân chương Hồ Chí Minh", FORM, "huan_chuong", "", STATE, "TC"),
    *[(f"huan-chuong-doc-lap-{slug}", f"Huân chương Độc lập {cls}", FORM, "huan_chuong", cls, STATE, "TCH")
      for slug, cls in (("hang-nhat", "hạng Nhất"), ("hang-nhi", "hạng Nhì"), ("hang-ba", "hạng Ba"))],
    *[(f"huan-chuong-lao-dong-{slug}", f"Huân chương Lao động {cls}", FORM, "huan_chuong", cls, STATE, "TC")
      for slug, cls in (("hang-nhat", "hạng Nhất"), ("hang-nhi", "hạng Nhì"), ("hang-ba", "hạng Ba"))],
    *[(f"huan-chuong-bao-ve-to-quoc-{slug}", f"Huân chương Bảo vệ Tổ quốc {cls}", FORM, "huan_chuong", cls, STATE, "TC")
      for slug, cls in (("hang-nhat", "hạng Nhất"), ("hang-nhi", "hạng Nhì"), ("hang-ba", "hạng Ba"))],
    ("huan-chuong-dai-doan-ket-dan-toc", "Huân chương Đại đoàn kết dân tộc", FORM, "huan_chuong", "", STATE, "C"),
    ("huan-chuong-dung-cam", "Huân chương Dũng cảm", FORM, "huan_chuong", "", STATE, "C"),
    ("huan-chuong-huu-nghi", "Huân chương Hữu nghị", FORM, "huan_chuong", "", STATE, "TC"),
    *[(f"huan-chuong-khang-chien-{slug}", f"Huân chương Kháng chiến {cls}", FORM, "huan_chuong", cls, STATE, "TC")
      for slug, cls in (("hang-nhat", "hạng Nhất"), ("hang-nhi", "hạng Nhì"), ("hang-ba", "hạng Ba"))],
    *[(f"huy-chuong-khang-chien-{slug}", f"Huy chương Kháng chiến {cls}", FORM, "huy_chuong", cls, STATE, "C")
      for slug, cls in (("hang-nhat", "hạng Nhất"), ("hang-nhi", "hạng Nhì"))],
    ("huy-chuong-huu-nghi", "Huy chương Hữu nghị", FORM, "huy_chuong", "", STATE, "C"),
    ("huy-chuong-thanh-nien-xung-phong", "Huy chương Thanh niên xung phong vẻ vang", FORM, "huy_chuong", "", STATE, "C"),
    ("ba-me-viet-nam-anh-hung", "Danh hiệu vinh dự nhà nước “Bà mẹ Việt Nam anh hùng”", FORM, "vinh_du", "", STATE, "C"),
    ("anh-hung-lao-dong", "Danh hiệu Anh hùng Lao động", FORM, "vinh_du", "", STATE, "TC"),
    ("anh-hung-luc-luong-vu-trang", "Danh hiệu Anh hùng Lực lượng vũ trang nhân dân", FORM, "vinh_du", "", STATE, "TC"),
    ("nha-giao-nhan-dan", "Danh hiệu Nhà giáo nhân dân", FORM, "vinh_du", "", STATE, "C"),
    ("nha-giao-uu-tu", "Danh hiệu Nhà giáo ưu tú", FORM, "vinh_du", "", STATE, "C"),
    ("thay-thuoc-nhan-dan", "Danh hiệu Thầy thuốc nhân dân", FORM, "vinh_du", "", STATE, "C"),
    ("thay-thuoc-uu-tu", "Danh hiệu Thầy thuốc ưu tú", FORM, "vinh_du", "", STATE, "C"),
    ("nghe-nhan-nhan-dan", "Danh hiệu Nghệ nhân nhân dân", FORM, "vinh_du", "", STATE, "C"),
    ("nghe-nhan-uu-tu", "Danh hiệu Nghệ nhân ưu tú", FORM, "vinh_du", "", STATE, "C"),
    ("giai-thuong-ho-chi-minh", "Giải thưởng Hồ Chí Minh", FORM, "giai_thuong", "", STATE, "TC"),
    ("giai-thuong-nha-nuoc", "Giải thưởng Nhà nước", FORM, "giai_thuong", "", STATE, "TC"),
    # Thủ tướng Chính phủ
    ("co-thi-dua-chinh-phu", "Cờ thi đua của Chính phủ", TITLE, "co_thi_dua", "", GOVERNMENT, "T"),
    ("chien-si-thi-dua-toan-quoc", "Chiến sĩ thi đua toàn quốc", TITLE, "chien_si_thi_dua", "", GOVERNMENT, "C"),
    ("bang-khen-thu-tuong", "Bằng khen của Thủ tướng Chính phủ", FORM, "bang_khen", "", GOVERNMENT, "TCH"),
    # Bộ, ban, ngành, tỉnh (Chủ tịch Ủy ban nhân dân tỉnh)
    ("co-thi-dua-tinh", "Cờ thi đua của Ủy ban nhân dân tỉnh", TITLE, "co_thi_dua", "", PROVINCE, "T"),
    ("chien-si-thi-dua-tinh", "Chiến sĩ thi đua cấp tỉnh", TITLE, "chien_si_thi_dua", "", PROVINCE, "C"),
    ("tap-the-lao-dong-xuat-sac", "Tập thể lao động xuất sắc", TITLE, "lao_dong", "", PROVINCE, "T"),
    ("bang-khen-chu-tich-tinh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", FORM, "bang_khen", "", PROVINCE, "TCH"),
    ("ky-niem-chuong", "Kỷ niệm chương", FORM, "ky_niem_chuong", "", PROVINCE, "C"),
    # Cơ sở
    ("chien-si-thi-dua-co-so", "Chiến sĩ thi đua cơ sở", TITLE, "chien_si_thi_dua", "", GRASSROOTS, "C"),
    ("lao-dong-tien-tien", "Lao động tiên tiến", TITLE, "lao_dong", "", GRASSROOTS, "C"),
    ("tap-the-lao-dong-tien-tien", "Tập thể lao động tiên tiến", TITLE, "lao_dong", "", GRASSROOTS, "T"),
    ("thon-to-dan-pho-van-hoa", "Thôn, tổ dân phố văn hóa", TITLE, "khac", "", GRASSROOTS, "T"),
    ("gia-dinh-van-hoa", "Gia đình văn hóa", TITLE, "khac", "", GRASSROOTS, "H"),
    ("giay-khen", "Giấy khen", FORM, "giay_khen", "", GRASSROOTS, "TCH"),
]


def install(AwardType):
    """Create the award types that are missing (by code); leaves an admin's edits alone."""
    existing = set(AwardType.objects.values_list("code", flat=True))
    AwardType.objects.bulk_create([
        AwardType(code=code, name=name, category=category, kind=kind, award_class=award_class, level=level,
                  for_collective="T" in who, for_individual="C" in who, for_household="H" in who, sort_order=i * 10)
        for i, (code, name, category, kind, award_class, level, who) in enumerate(AWARD_TYPES, start=1)
        if code not in existing
    ])
