"""Running student code isolated: the sandbox server and what keeps each answer apart.

:mod:`.sandbox` talks to the server (:mod:`.code_server`, :mod:`._zygote`) over :mod:`._wire`;
:mod:`.bwrap` builds the bubblewrap sandbox and says whether this host has one; :mod:`._namespaces`
holds the Linux calls; :mod:`.watchdog` ends
everything the grader started when it stops.
"""
