"""Oversight as a process (监督): work appraisals of government offices (工作评议),
officials' duty appraisals (述职评议), their 测评 ballots, and opinions followed to the end
(审议意见, the opinions of inspections, rectification): sent → deadline → feedback →
return check → verdict. The rules are in rules.py."""
