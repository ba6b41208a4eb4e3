"""Questionnaire scoring and pre/post effect analysis (SDQ, ARI-CP, any Likert instrument).

Steps, one module each: ``instruments`` (instrument files) -> ``read`` (exports) ->
``score`` -> ``effects`` -> ``plot``; ``granularity`` checks published percentages;
``helmond`` wires them for the Helmond pilot; ``labels`` holds every Dutch label.
"""
