"""What the grader writes: results and how they are rendered for students, teachers and LMSs.

:mod:`.results` holds the result types; :mod:`.report` writes grades.csv, results/, feedback/ and
the summary (:mod:`.feedback`, :mod:`.summary`, :mod:`.gradescope`); :mod:`.lms` the Canvas and
Moodle imports; :mod:`.manual` the manual-grading queue and the teacher's scores merged back.
"""
