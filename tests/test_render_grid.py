"""The table grids: each table drawn as the national format prints it (spans written out here from
format.md, not computed from the definition), numbers as printed."""

import pytest

from xxgk.formats import Column, get_format, versions
from xxgk.render.grid import format_number, table_grid

from rendering import numbered_report

CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def spans(grid, values=False):
    """(text, rowspan, colspan) of the cells, row by row: the labels and headers, or the numbers."""
    return [[(c.text, c.rowspan, c.colspan) for c in row if c.is_header != values] for row in grid.rows]


def grid_of(version, key, report=None):
    report = report or numbered_report(version)
    return table_grid(report.format.tables[key], report.value)


# T3 label cells below the header, per row: (text, rowspan, colspan); group cells on the row they start.
T3_LABELS_2021 = [
    [("一、本年新收政府信息公开申请数量", 1, 3)],
    [("二、上年结转政府信息公开申请数量", 1, 3)],
    [("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2)],
    [("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2)],
    [("（三）不予公开", 8, 1), ("1.属于国家秘密", 1, 1)],
    [("2.其他法律行政法规禁止公开", 1, 1)],
    [("3.危及“三安全一稳定”", 1, 1)],
    [("4.保护第三方合法权益", 1, 1)],
    [("5.属于三类内部事务信息", 1, 1)],
    [("6.属于四类过程性信息", 1, 1)],
    [("7.属于行政执法案卷", 1, 1)],
    [("8.属于行政查询事项", 1, 1)],
    [("（四）无法提供", 3, 1), ("1.本机关不掌握相关政府信息", 1, 1)],
    [("2.没有现成信息需要另行制作", 1, 1)],
    [("3.补正后申请内容仍不明确", 1, 1)],
    [("（五）不予处理", 5, 1), ("1.信访举报投诉类申请", 1, 1)],
    [("2.重复申请", 1, 1)],
    [("3.要求提供公开出版物", 1, 1)],
    [("4.无正当理由大量反复申请", 1, 1)],
    [("5.要求行政机关确认或重新出具已获取信息", 1, 1)],
    [("（六）其他处理", 3, 1), ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 1, 1)],
    [("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 1, 1)],
    [("3.其他", 1, 1)],
    [("（七）总计", 1, 2)],
    [("四、结转下年度继续办理", 1, 3)],
]
T3_HEADER = [
    [(CORNER, 3, 3), ("申请人情况", 1, 7)],
    [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
    [("商业企业", 1, 1), ("科研机构", 1, 1), ("社会公益组织", 1, 1), ("法律服务机构", 1, 1), ("其他", 1, 1)],
]


def test_t3_2021_is_drawn_as_the_national_format():
    grid = grid_of("2021", "t3")
    assert grid.column_count == 10 and grid.header_rows == 3 and grid.label_columns == 3
    assert spans(grid) == T3_HEADER + T3_LABELS_2021
    assert all(len(row) == 7 for row in spans(grid, values=True)[3:])


def test_t3_2019_has_one_row_for_other_handling_under_a_shorter_group():
    labels = spans(grid_of("2019", "t3"))[3:]
    assert len(labels) == 23
    assert labels[2][0] == ("三、本年度办理结果", 20, 1)
    assert labels[20] == [("（六）其他处理", 1, 2)]
    assert labels[21] == [("（七）总计", 1, 2)]


T2_2021 = [
    [("第二十条第（一）项", 1, 4)],
    [("信息内容", 1, 1), ("本年制发件数", 1, 1), ("本年废止件数", 1, 1), ("现行有效件数", 1, 1)],
    [("规章", 1, 1)], [("行政规范性文件", 1, 1)],
    [("第二十条第（五）项", 1, 4)],
    [("信息内容", 1, 1), ("本年处理决定数量", 1, 3)],
    [("行政许可", 1, 1)],
    [("第二十条第（六）项", 1, 4)],
    [("信息内容", 1, 1), ("本年处理决定数量", 1, 3)],
    [("行政处罚", 1, 1)], [("行政强制", 1, 1)],
    [("第二十条第（八）项", 1, 4)],
    [("信息内容", 1, 1), ("本年收费金额（单位：万元）", 1, 3)],
    [("行政事业性收费", 1, 1)],
]


def test_t2_2021_blocks_with_captions_and_stretched_single_columns():
    grid = grid_of("2021", "t2")
    assert spans(grid) == T2_2021
    values = spans(grid, values=True)
    assert [len(row) for row in values if row] == [3, 3, 1, 1, 1, 1]
    assert values[6][0][2] == 3  # 行政许可's one number spans the three number columns
    assert grid.header_rows == 0  # each block has its own header row: nothing to repeat on a new page


def test_t2_2019_has_its_own_columns_and_the_procurement_block():
    labels = spans(grid_of("2019", "t2"))
    assert labels[1][1:] == [("本年新制作数量", 1, 1), ("本年新公开数量", 1, 1), ("对外公开总数量", 1, 1)]
    assert ("其他对外管理服务事项", 1, 1) in [row[0] for row in labels if row]
    assert labels[-3:] == [[("第二十条第（九）项", 1, 4)],
                           [("信息内容", 1, 1), ("采购项目数量", 1, 1), ("采购总金额", 1, 2)],
                           [("政府集中采购", 1, 1)]]


@pytest.mark.parametrize("version", versions())
def test_t4_two_level_header_over_fifteen_numbers(version):
    grid = grid_of(version, "t4")
    five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert spans(grid) == [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [(label, 2, 1) for label in five] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        [(label, 1, 1) for label in five * 2],
        [],
    ]
    assert grid.header_rows == 3


@pytest.mark.parametrize("version", versions())
def test_every_number_of_the_model_is_in_its_table_once_in_definition_order(version):
    report = numbered_report(version)
    for table in report.format.tables.values():
        grid = table_grid(table, report.value)
        grid.covering()  # raises on overlapping or uncovered positions
        cells = [c for row in grid.rows for c in row if not c.is_header]
        assert [c.key for c in cells] == [c.key for c in table.cells]
        assert all(c.text == format_number(get_format(version).cells[c.key].column, report.value(c.key))
                   for c in cells)


def test_numbers_are_printed_as_in_the_format():
    count, amount, change = Column("n", "数"), Column("a", "万元", kind="amount"), Column("c", "增减", kind="change")
    assert format_number(count, 0) == "0"
    assert format_number(count, 12) == "12"
    assert format_number(count, None) == ""  # no number: left blank (the validator reports it)
    assert format_number(amount, 0.0) == "0"
    assert format_number(amount, 100.0) == "100"
    assert format_number(amount, 1.5) == "1.5"
    assert format_number(amount, 12.3456) == "12.3456"
    assert format_number(change, -3) == "-3"
