from .cli import main

if __name__ == "__main__":  # a worker started by spawn (Windows, macOS) imports this module: it must not run the CLI
    main(prog_name="xxgk")  # usage lines name the command users type, also under python -m xxgk
