import socket

sockfd = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sockfd.bind(('0.0.0.0', 8866))
sockfd.listen(5)
while True:
    print('Waiting for connect...')
    connfd, addr = sockfd.accept()
    while True:
        data = connfd.recv(1024)
        if not data:
            connfd.close()
            break
        if data.decode() == '##':
            break
        connfd.send(b'Receive your message')
