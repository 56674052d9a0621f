"""Stage 4, assess: the target-gap method, the indicator catalogue, evaluators' inputs, the 13th-plan review.
"""
