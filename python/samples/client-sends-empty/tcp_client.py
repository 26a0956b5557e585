import socket

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sockfd:
    sockfd.connect(('127.0.0.1', 8888))
    while True:
        msg = input('Msg>>')
        sockfd.send(msg.encode())
        if msg == '##':
            break
        data = sockfd.recv(1024)
        print('From server:', data.decode())
