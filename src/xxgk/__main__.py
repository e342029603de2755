from .cli import main

main(prog_name="xxgk")  # usage lines name the command users type, also under python -m xxgk
