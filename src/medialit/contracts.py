"""Constants shared by the notebooks, the runtime and the grader (a plain module: no imports).

``MARKER`` starts the first line of every answer and practice cell
(``# medialit: L3.Q2``): the grader finds an answer cell by it when the cell's
metadata was lost, and ignores it when it compares code with its starter.
"""

MARKER = "# medialit: "
