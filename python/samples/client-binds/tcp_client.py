from socket import *

sockfd = socket(AF_INET, SOCK_STREAM)
sockfd.bind(('127.0.0.1', 8888))
while True:
    msg = input('Msg>>')
    if not msg:
        break
    sockfd.send(msg.encode())
    if msg == '##':
        break
    data = sockfd.recv(1024)
    print('From server:', data.decode())
sockfd.close()
