"""Archives pages (/luu-tru/): the registers kept in web forms are served by the register pattern
(`core.registers`, declared in `archives.registers`) and the .xlsx imports by the import engine
(`core.imports`, kinds in `archives.resources`). Access: every role reads the rows within its
reach; only the archive offices' staff (and admins) add, edit, delete and import."""

from core.registers import views as register_views

from archives.registers import REGISTERS


def home(request):
    """/luu-tru/: the first register (work items)."""
    return register_views.register_list(request, REGISTERS["cong-viec"], registers=REGISTERS)
