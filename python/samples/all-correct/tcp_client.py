import socket

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect(('127.0.0.1', 8888))
    while True:
        try:
            line = input('>>> ')
        except EOFError:
            break
        if line == '':
            break
        s.sendall(line.encode('utf-8'))
        if line == '##':
            break
        reply = s.recv(1024)
        print(reply.decode('utf-8'))
