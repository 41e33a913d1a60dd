"""数据交换: the roster in and out of Excel, the county package, backups and restore.

In a county database the page imports the townships' packages and compares townships."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import dates
from app.core.errors import RendaError
from app.exchange.backup import (
    backup_folder,
    backup_key,
    last_offsite,
    list_backups,
    make_backup,
    second_folder,
    set_second_folder,
)
from ui.context import AppContext

if TYPE_CHECKING:
    from app.county.figures import Comparison
    from app.county.merge import ImportReport
    from app.exchange.backup import BackupInfo
    from ui.tasks import TaskContext

# The dialogs and the work behind the buttons are imported when a button is pressed: the
# page is built at start, and start-up time is budgeted (DESIGN.md).
from ui.widgets.messages import confirm, show_error, show_info
from ui.widgets.progress import run_with_progress


def _section(title: str, text: str, buttons: list[QPushButton]) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    hint = QLabel(text)
    hint.setWordWrap(True)
    hint.setObjectName("Hint")
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch()
    layout.addWidget(hint)
    layout.addLayout(row)
    return box, layout


def _button(text: str, slot: object, primary: bool = False) -> QPushButton:
    button = QPushButton(text)
    if primary:
        button.setObjectName("Primary")
    button.clicked.connect(slot)
    return button


def _item(text: object) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def ask_password(parent: QWidget) -> str | None:
    text, ok = QInputDialog.getText(
        parent, "报送包密码", "请输入与乡镇约定的报送包密码：", QLineEdit.EchoMode.Password
    )
    return text if ok and text else None


class ExchangePage(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.county = context.office.mode == "county"
        title = QLabel("数据交换")
        title.setObjectName("PageTitle")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        if self.county:
            self._build_county(layout)
        else:
            self._build_township(layout)
        self._build_backups(layout)
        self.refresh()
        context.deputies_changed.connect(lambda _ids: self.refresh())

    # ---- township ---------------------------------------------------------------------

    def _build_township(self, layout: QVBoxLayout) -> None:
        self.import_button = _button("从 Excel 导入名册…", self.import_roster, primary=True)
        box, _ = _section(
            "代表名册与 Excel",
            "导入各单位报来的或原来用 Excel 记的名册：先逐行检查、列出问题，确认后才写入。"
            "导出的名册可在 Excel、WPS 中打开，身份证号码等按“设置”部分隐藏。",
            [
                self.import_button,
                _button("导出本届名册…", self.export_roster),
                _button("下载空白模板…", self.save_template),
            ],
        )
        layout.addWidget(box)
        self.package_button = _button("生成报送包…", self.export_package, primary=True)
        self.package_label = QLabel()
        self.package_label.setObjectName("Hint")
        box, inner = _section(
            "报送县人大常委会",
            "把本乡镇的全部记录加密后写入 U 盘（报送包），交县人大常委会汇总。"
            "报送前可按县里的考评细则自评，打印自评表盖章后一并报送。",
            [self.package_button, _button("考评自评…", self.open_evaluation)],
        )
        inner.addWidget(self.package_label)
        layout.addWidget(box)

    def import_roster(self) -> None:
        from ui.exchange.roster_import_dialog import RosterImportDialog

        RosterImportDialog.choose_and_open(self.context, self)

    def export_roster(self) -> None:
        from ui.exchange.actions import export_roster_interactive

        export_roster_interactive(self, self.context)

    def save_template(self) -> None:
        from ui.exchange.actions import save_template_interactive

        save_template_interactive(self)

    def export_package(self) -> None:
        from ui.exchange.package_dialog import PackageExportDialog

        PackageExportDialog.ask(self.context, self)
        self.refresh()

    # ---- county -----------------------------------------------------------------------

    def _build_county(self, layout: QVBoxLayout) -> None:
        self.import_packages_button = _button("导入报送包…", self.import_packages, primary=True)
        box, inner = _section(
            "汇总各乡镇的报送包",
            "选择乡镇交来的报送包（可一次选多个）。报送包有乡镇的签名，首次导入时登记该乡镇的"
            "密钥，此后只接受同一密钥签名、报送次数更大的报送包；较旧或相同的不做改动，"
            "每个乡镇的数据互不影响。",
            [
                self.import_packages_button,
                _button("重新登记乡镇密钥…", self.reregister_township),
                _button("删除所选乡镇的汇总数据…", self.forget_township),
                _button("导出全县名册…", self.export_roster),
            ],
        )
        self.imported = QTableWidget(0, 6)
        self.imported.setHorizontalHeaderLabels(
            ["乡镇", "在任代表", "报送次数", "报送包生成于", "导入于", "文件"]
        )
        self.imported.verticalHeader().setVisible(False)
        self.imported.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.imported.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.imported.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((100, 70, 70, 130, 140)):
            self.imported.setColumnWidth(column, width)
        inner.addWidget(self.imported)
        layout.addWidget(box, 1)
        self.compare_table = QTableWidget(0, 0)
        self.compare_table.verticalHeader().setVisible(False)
        self.compare_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        box, inner = _section(
            "各乡镇对比",
            "按各乡镇最近一次报送的数据计算；绿色为该项最好的乡镇。会议、建议办理、"
            "代表活动等数据随相应功能加入。",
            [
                _button("导出对比表…", self.export_comparison),
                _button("考评打分、流动红旗…", self.open_evaluation),
            ],
        )
        inner.addWidget(self.compare_table)
        layout.addWidget(box, 1)

    def import_packages(self) -> None:
        from app.county.merge import import_packages
        from app.exchange.package import EXTENSION

        names, _ = QFileDialog.getOpenFileNames(
            self, "选择报送包", "", f"报送包 (*{EXTENSION});;所有文件 (*)"
        )
        if not names:
            return
        password = ask_password(self)
        if password is None:
            return
        paths = [Path(n) for n in names]

        def work(ctx: TaskContext) -> list[tuple[str, ImportReport | str]]:
            done = import_packages(ctx.office, paths, password, progress=ctx.progress)
            return [
                (path.name, outcome.message if isinstance(outcome, RendaError) else outcome)
                for path, outcome in done
            ]

        run_with_progress(
            self, self.context.runner, work, title="正在导入报送包…", on_done=self._imported
        )

    def _imported(self, results: list[tuple[str, ImportReport | str]]) -> None:
        from app.county.merge import ImportReport

        self.last_results = results
        lines = []
        for name, outcome in results:
            if isinstance(outcome, ImportReport):
                lines.append(outcome.text)
            else:
                lines.append(f"“{name}”没有导入：{outcome}")
        self.context.deputies_changed.emit([])
        self.context.structure_changed.emit()
        self.refresh()
        show_info(self, "\n\n".join(lines), "报送包导入结果")

    def reregister_township(self) -> None:
        """A township with a new key (reinstalled, database rebuilt): open its package, show
        both fingerprints, and import it only once the clerk confirms them by phone."""
        from app.county.merge import KeySeen, import_package, inspect_package
        from app.exchange.package import EXTENSION

        name, _ = QFileDialog.getOpenFileName(
            self, "选择换了密钥的乡镇交来的报送包", "", f"报送包 (*{EXTENSION});;所有文件 (*)"
        )
        if not name:
            return
        password = ask_password(self)
        if password is None:
            return
        path = Path(name)

        def imported(report: ImportReport) -> None:
            self._imported([(path.name, report)])

        def seen(key: KeySeen) -> None:
            if key.pinned == key.offered:
                if confirm(
                    self,
                    "按确认导入",
                    f"{key.township}的密钥没有变化（指纹 {key.offered}），一般直接用“导入报送包…”"
                    "即可。只有乡镇从备份恢复过数据库、报送次数变小、被当作较旧的报送包时，"
                    "才需要在电话核实后按确认导入。\n\n以这个报送包为准导入吗？",
                ):
                    start_import()
                return
            if not confirm(
                self,
                "重新登记乡镇密钥",
                f"乡镇：{key.township}\n"
                f"县里登记的密钥指纹：{key.pinned or '（未登记）'}\n"
                f"这个报送包的密钥指纹：{key.offered}\n\n"
                f"请先电话向{key.township}核对“这个报送包的密钥指纹”（乡镇在“生成报送包”中"
                "可以看到）。核对无误，才能以新密钥重新登记并导入；如对不上，可能是有人冒充，"
                "请不要导入。\n\n核对无误，重新登记吗？",
            ):
                return
            start_import()

        def start_import() -> None:
            run_with_progress(
                self,
                self.context.runner,
                lambda ctx: import_package(ctx.office, path, password, re_register=True),
                title="正在导入报送包…",
                on_done=imported,
            )

        run_with_progress(
            self,
            self.context.runner,
            lambda ctx: inspect_package(ctx.office, path, password),
            title="正在读取报送包…",
            on_done=seen,
        )

    def forget_township(self) -> None:
        from app.county.merge import remove_township

        row = self.imported.currentRow()
        if row < 0:
            show_error(self, "请先在列表中选中一个乡镇", "未选择")
            return
        township_id = self.imported.item(row, 0).data(Qt.ItemDataRole.UserRole)
        name = self.imported.item(row, 0).text()
        if not confirm(
            self,
            "删除汇总数据",
            f"删除{name}已导入的全部汇总数据吗？（乡镇自己的数据不受影响，可重新导入其报送包。）",
        ):
            return

        def done(_report: object) -> None:
            self.context.deputies_changed.emit([])
            self.refresh()
            show_info(self, f"已删除{name}的汇总数据。")

        run_with_progress(
            self,
            self.context.runner,
            lambda ctx: remove_township(ctx.office, township_id),
            title="正在删除…",
            on_done=done,
        )

    def open_evaluation(self) -> None:
        """The county's evaluation of the townships, or the township's self-assessment
        (报告 page, its second tab)."""
        self.context.go("drafts")
        self.context.page("drafts").show_evaluation()  # type: ignore[attr-defined]

    def export_comparison(self) -> None:
        from app.county.figures import export_comparison
        from ui.exchange.actions import ask_save_path

        office = self.context.office
        path = ask_save_path(
            self, "导出各乡镇对比", f"{office.settings.get('county_name')}各乡镇对比.xlsx"
        )
        if path is None:
            return
        run_with_progress(
            self,
            self.context.runner,
            lambda ctx: export_comparison(ctx.office, path),
            title="正在导出…",
            on_done=lambda written: show_info(self, f"已导出到“{written}”。", "导出完成"),
        )

    # ---- backups ----------------------------------------------------------------------

    def _build_backups(self, layout: QVBoxLayout) -> None:
        folder = backup_folder(self.context.office.path)
        self.backup_hint = QLabel()
        box, inner = _section(
            "备份与恢复",
            f"关闭程序时和每天会自动备份到“{folder}”，保留最近 7 天、4 周、12 个月各一份，"
            "每天的备份还会复制到第二备份位置。写到 U 盘等移动存储的备份用本办公室的备份密钥"
            "加密；请把备份密钥抄下，与 U 盘分开保管。",
            [
                _button("立即备份", self.backup_now),
                _button("备份到 U 盘或其他文件夹…", self.backup_elsewhere),
                _button("从备份恢复…", self.restore),
                _button("打开备份文件夹", self.open_folder),
            ],
        )
        self.second_label = QLabel()
        self.second_label.setWordWrap(True)
        self.offsite_label = QLabel()
        self.offsite_label.setWordWrap(True)
        second_row = QHBoxLayout()
        second_row.addWidget(self.second_label, 1)
        self.choose_second_button = _button("选择第二备份位置…", self.choose_second_folder)
        self.clear_second_button = _button("不再使用", self.clear_second_folder)
        second_row.addWidget(self.choose_second_button)
        second_row.addWidget(self.clear_second_button)
        second_row.addWidget(_button("备份密钥…", self.show_key))
        inner.addLayout(second_row)
        inner.addWidget(self.offsite_label)
        self.backups = QListWidget()
        self.backups.setMaximumHeight(90 if self.county else 150)
        inner.addWidget(self.backups)
        layout.addWidget(box)
        if not self.county:
            layout.addStretch()

    def _backup(self, folder: Path | None) -> None:
        def done(info: BackupInfo) -> None:
            self.refresh()
            lines = [f"已备份到“{info.path}”{'（已加密）' if info.encrypted else ''}。"]
            lines += [f"已复制到第二备份位置“{copy}”。" for copy in info.copies]
            if info.note:
                lines.append(info.note)
            if info.encrypted:
                lines.append("恢复这个备份时需要本办公室的备份密钥（“备份密钥…”可查看）。")
            show_info(self, "\n".join(lines), "备份完成")

        run_with_progress(
            self,
            self.context.runner,
            lambda ctx: make_backup(ctx.office, folder, reason="manual", progress=ctx.progress),
            title="正在备份…",
            on_done=done,
        )

    def backup_now(self) -> None:
        self._backup(None)

    def backup_elsewhere(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择备份到哪里（如 U 盘）")
        if folder:
            self._backup(Path(folder))

    def choose_second_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "选择第二备份位置（另一块磁盘、移动硬盘或网络文件夹）"
        )
        if not folder:
            return
        try:
            set_second_folder(self.context.office, Path(folder))
        except RendaError as exc:
            show_error(self, exc)
            return
        self.refresh()
        show_info(
            self,
            f"以后每天的自动备份和“立即备份”都会再复制一份到“{folder}”。",
            "第二备份位置",
        )

    def clear_second_folder(self) -> None:
        if confirm(
            self, "第二备份位置", "不再把备份复制到第二备份位置吗？（已有的备份不会删除。）"
        ):
            set_second_folder(self.context.office, None)
            self.refresh()

    def show_key(self) -> None:
        key = backup_key(self.context.office)
        show_info(
            self,
            f"本办公室的备份密钥：\n\n{key}\n\n"
            "写到 U 盘等移动存储的备份用它加密。请抄下或打印，与 U 盘分开保管（例如锁在"
            "文件柜里）。在本机恢复时不用输入；电脑损坏、重装后在另一台电脑上恢复加密的"
            "备份时，需要输入这个密钥。不要把它告诉无关人员。",
            "备份密钥",
        )

    def restore(self) -> None:
        from ui.exchange.lifecycle import reopen_after_restore
        from ui.exchange.restore_dialog import RestoreDialog

        chosen = RestoreDialog.ask(self.context.office, self, self.context.runner)
        if chosen is not None:
            path, key = chosen
            reopen_after_restore(self.window(), path, key)  # type: ignore[arg-type]

    def open_folder(self) -> None:
        folder = backup_folder(self.context.office.path)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # ---- refresh ----------------------------------------------------------------------

    def refresh(self) -> None:
        office = self.context.office
        self.backups.clear()
        for info in list_backups(backup_folder(office.path), office.path.stem)[:30]:
            self.backups.addItem(info.label)
        if not self.backups.count():
            self.backups.addItem("还没有备份。")
        second = second_folder(office)
        if second is None:
            self.second_label.setText(
                "第二备份位置：未设置（建议选一块移动硬盘、另一块磁盘或网络文件夹）"
            )
        else:
            missing = "" if second.is_dir() else "（现在找不到：U 盘没插或网络盘没连上）"
            self.second_label.setText(f"第二备份位置：{second}{missing}")
        self.clear_second_button.setEnabled(second is not None)
        last = last_offsite(office)
        if last is None:
            self.offsite_label.setText(
                "<span style='color:#c62828'>还没有备份到本机以外（U 盘或另一块磁盘）。"
                "电脑损坏或丢失时，只有本机以外的备份能找回数据。</span>"
            )
        else:
            days = (dates.today() - last.date()).days
            ago = "今天" if days == 0 else f"{days} 天前"
            self.offsite_label.setText(
                f"最近一次备份到本机以外：{last:%Y年%m月%d日 %H:%M}（{ago}）"
            )
        if self.county:
            self._refresh_county()
        else:
            last = office.settings.get("package_last_folder")
            self.package_label.setText(f"上次保存的位置：{last}" if last else "")

    def _refresh_county(self) -> None:
        from app.county.figures import compare_townships, kept_comparison
        from app.county.merge import imported_townships

        office = self.context.office
        rows = imported_townships(office)
        self.imported.setRowCount(len(rows))
        for r, t in enumerate(rows):
            name = _item(t.name)
            name.setData(Qt.ItemDataRole.UserRole, t.township_id)
            made = dates.format_date(t.package_created_at[:10]) if t.package_created_at else ""
            when = t.imported_at.replace("T", " ")[:16]
            number = f"第 {t.sequence} 次" if t.sequence else ""
            for c, item in enumerate(
                [
                    name,
                    _item(t.deputies),
                    _item(number),
                    _item(made),
                    _item(when),
                    _item(t.file_name),
                ]
            ):
                self.imported.setItem(r, c, item)
        comparison = kept_comparison(office)
        if comparison is None:
            # Summed afresh after a change (seconds for a prefecture): off the UI thread,
            # the table saying so meanwhile.
            self.compare_table.setRowCount(0)
            self.compare_table.setColumnCount(1)
            self.compare_table.setHorizontalHeaderLabels(["正在计算各乡镇的对比数字…"])
            self.context.runner.run(
                lambda ctx: compare_townships(ctx.office),
                on_done=self._show_comparison,
                on_error=lambda exc: show_error(self, str(exc)),
            )
            return
        self._show_comparison(comparison)

    def _show_comparison(self, comparison: Comparison) -> None:
        from app.county.figures import format_value

        headers = ["乡镇", *[f.label for f in comparison.figures]]
        self.compare_table.setColumnCount(len(headers))
        self.compare_table.setHorizontalHeaderLabels(headers)
        self.compare_table.setRowCount(len(comparison.townships))
        best = {f.key: comparison.best(f.key) for f in comparison.figures}
        bold = QFont()
        bold.setBold(True)
        for r, (tid, name) in enumerate(comparison.townships):
            self.compare_table.setItem(r, 0, _item(name))
            for c, figure in enumerate(comparison.figures, start=1):
                item = _item(format_value(figure, comparison.value(figure.key, tid)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if tid in best[figure.key]:
                    item.setForeground(QBrush(QColor("#2e7d32")))
                    item.setFont(bold)
                self.compare_table.setItem(r, c, item)
