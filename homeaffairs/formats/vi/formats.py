"""Vietnamese date formats for forms and the admin (Django's "vi" locale has none for input, so
"05/01/2021" would be read as 1 May). Day first everywhere; ISO still accepted."""

DATE_FORMAT = r"\N\gà\y d \t\há\n\g n \nă\m Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
                          "%Y-%m-%d"]
FIRST_DAY_OF_WEEK = 1  # Monday
